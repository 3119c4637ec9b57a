/** Route helpers: the owner of what a request creates, and the check before changing a row. */
import type { FastifyRequest } from 'fastify';
import { notFound } from '../http/errors.js';
import type { OwnedKind, OwnershipRepository } from '../repositories/ownership.js';
import { ownerFor, requireModify } from './auth-plugin.js';

export class OwnershipGuard {
  constructor(private readonly ownership: OwnershipRepository) {}

  /** 404 if the row does not exist, 403 unless the caller is its owner (editor) or an admin. */
  async requireModify(request: FastifyRequest, kind: OwnedKind, id: string, what: string): Promise<void> {
    const owner = await this.ownership.ownerOf(kind, id);
    if (owner === undefined) throw notFound(what);
    requireModify(request, owner, what);
  }

  /** Marks a new row as the caller's (and the row returned, when it shows its owner). */
  async claim<T extends { id: string }>(request: FastifyRequest, kind: OwnedKind, row: T): Promise<T> {
    const ownerId = ownerFor(request);
    await this.ownership.setOwner(kind, row.id, ownerId);
    return 'ownerId' in row ? { ...row, ownerId } : row;
  }
}
