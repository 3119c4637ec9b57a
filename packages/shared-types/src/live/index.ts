export * from './control.js';
export * from './frame.js';
export * from './events.js';
