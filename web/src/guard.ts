// Unsaved changes: the open scenario tells the app shell whether leaving it would lose them.
let leaveGuard: (() => boolean) | null = null;

export function setLeaveGuard(guard: (() => boolean) | null) {
  leaveGuard = guard;
}

/** True when leaving now would lose unsaved changes. */
export function wouldLoseChanges(): boolean {
  return leaveGuard?.() ?? false;
}

export const LEAVE_QUESTION = 'This scenario has unsaved changes. Leave it and discard them?';
