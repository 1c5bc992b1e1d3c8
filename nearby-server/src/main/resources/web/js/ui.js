// Small DOM helpers shared by the panels: element lookup and the two kinds of messages to the user.
//  - errors (role=alert) stay until dismissed, at most four at a time;
//  - notices (role=status) fade after a few seconds (a friend left, the demo started, ...).

import { ApiError } from './api.js';
import { errorWords } from './words.js';

const NOTICE_MS = 6000;

export const $ = (id) => document.getElementById(id);

function message(container, text, sticky) {
  const box = document.createElement('div');
  box.className = 'message';
  const p = document.createElement('p');
  p.textContent = text;
  box.append(p);
  if (sticky) {
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Dismiss';
    close.addEventListener('click', () => box.remove());
    box.append(close);
    while (container.children.length >= 4) container.firstElementChild.remove();
  } else {
    setTimeout(() => box.remove(), NOTICE_MS);
  }
  container.append(box);
}

export const showError = (text) => message($('alerts'), text, true);
export const notice = (text) => message($('notices'), text, false);

/** A failed REST call in words: "Adding bob: Not found (no such user)." */
export function failureWords(what, e) {
  if (e instanceof ApiError) {
    return e.status === 0 ? `${what}: the server did not answer. Try again in a moment.` : `${what}: ${errorWords(e.code, e.message)}`;
  }
  return `${what}: ${e}`;
}
