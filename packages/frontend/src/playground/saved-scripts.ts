/**
 * Scripts this browser saved (until accounts exist, "yours" means saved from here): they open
 * editable; any other script opens read-only until copied.
 */
const KEY = 'hoistway.playground.ownScripts';

function ownIds(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

export const isOwnScript = (id: string) => ownIds().includes(id);

export function rememberOwnScript(id: string): void {
  const ids = ownIds();
  if (!ids.includes(id)) localStorage.setItem(KEY, JSON.stringify([...ids, id].slice(-200)));
}
