// "History": the user's own track of the last hour (GET /api/users/me/history?from=&to=&limit=, newest first),
// drawn on the radar while the switch is on and reloaded every 30 s; "Delete my history" (DELETE
// /api/users/me/history) after a confirmation dialog.

import { $, notice } from './ui.js';

const HOUR_MS = 3_600_000;
const RELOAD_MS = 30_000;
const OFF_TEXT = 'Draws your own track of the last hour on the radar. Only you can see it.';

export class HistoryPanel {
  /** @param onChange() the track changed: redraw */
  constructor(api, failed, onChange) {
    this.api = api;
    this.failed = failed;
    this.onChange = onChange;
    this.track = []; // oldest first
    this.loadedAt = 0;
    $('history').addEventListener('change', () => (this.on ? this.load() : this.clear(OFF_TEXT)));
    $('delete-history').addEventListener('click', () => $('confirm-delete').showModal());
    $('confirm-delete').addEventListener('close', () => {
      if ($('confirm-delete').returnValue === 'delete') this.delete();
    });
  }

  get on() {
    return $('history').checked;
  }

  async load() {
    const now = Date.now();
    this.loadedAt = now;
    try {
      const { points } = await this.api.history(now - HOUR_MS, now, 1000);
      if (!this.on) return;
      this.track = points.slice().reverse();
      $('history-text').textContent = `${points.length} positions in the last hour, drawn on the radar.`;
      this.onChange();
    } catch (e) {
      if (e.status !== 0) this.failed('Loading your history', e);
    }
  }

  /** Called by the page's poll: reloads now and then while on. */
  poll() {
    if (this.on && Date.now() - this.loadedAt > RELOAD_MS) this.load();
  }

  clear(text) {
    this.track = [];
    $('history-text').textContent = text;
    this.onChange();
  }

  off() {
    $('history').checked = false;
    this.clear(OFF_TEXT);
  }

  async delete() {
    try {
      await this.api.deleteHistory();
      notice('Your location history was deleted');
      this.clear('History deleted.');
    } catch (e) {
      this.failed('Deleting your history', e);
    }
  }
}
