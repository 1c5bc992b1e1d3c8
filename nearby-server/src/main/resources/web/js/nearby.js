// What the server has told this page about who is nearby: friends (exact positions) and strangers (coarse
// positions). Pure state, no DOM, no socket: connection.js feeds it server messages, app.js renders it.
//
// Rules (docs/protocol.md):
//  - a `nearby` page 0 is the whole truth after an `init` (also after a reconnect): it replaces every friend;
//    later pages add to it;
//  - `friend_location` adds or moves one friend, `friend_gone` removes one (with a reason to show);
//  - `stranger_location` / `stranger_gone` likewise for strangers, who never arrive in pages.
// Keyed by user id, so a friend is never listed twice, whatever order messages arrive in.

import { haversine } from './geo.js';

export class NearbyModel {
  constructor() {
    this.friends = new Map();   // id -> {id, name, avatarUrl, lat, lon, distanceMeters, ts}
    this.strangers = new Map(); // id -> {id, name, lat, lon, distanceMeters, ts}
    this.total = 0;             // the server's count of visible friends in the last page
    this.pageSize = 20;
    this.pagesLoaded = 0;       // pages of the current snapshot received (0 = none yet)
    this.sharing = true;        // false when the server answered a page with "sharing":false
  }

  /** A `nearby` message. Page 0 starts a new snapshot. */
  page(msg) {
    if (msg.page === 0) {
      this.friends.clear();
      this.pagesLoaded = 0;
    }
    this.total = msg.total ?? 0;
    this.pageSize = msg.pageSize ?? this.pageSize;
    this.pagesLoaded = Math.max(this.pagesLoaded, (msg.page ?? 0) + 1);
    this.sharing = msg.sharing !== false;
    for (const f of msg.friends ?? []) this.friends.set(f.id, { ...f });
  }

  /** `friend_location`: keeps the avatar a page brought, takes everything else from the message. */
  friendLocation(msg) {
    const known = this.friends.get(msg.id);
    this.friends.set(msg.id, { avatarUrl: known?.avatarUrl ?? '', ...msg });
  }

  /** `friend_gone`: returns the friend that left (for its name), or undefined. */
  friendGone(msg) {
    const gone = this.friends.get(msg.id);
    this.friends.delete(msg.id);
    return gone;
  }

  strangerLocation(msg) {
    this.strangers.set(msg.id, { ...msg });
  }

  strangerGone(msg) {
    this.strangers.delete(msg.id);
  }

  clearStrangers() {
    this.strangers.clear();
  }

  /** Everything forgotten: signed out. */
  reset() {
    this.friends.clear();
    this.strangers.clear();
    this.total = 0;
    this.pagesLoaded = 0;
    this.sharing = true;
  }

  /**
   * Friends nearest first, with the distance from `me` ({lat, lon}) when known: the same haversine as the
   * server, so the list stays right while you walk between two of a friend's updates.
   */
  sortedFriends(me) {
    const list = [...this.friends.values()].map((f) => ({ ...f, distanceMeters: me ? haversine(me, f) : f.distanceMeters }));
    return list.sort((a, b) => a.distanceMeters - b.distanceMeters || a.id.localeCompare(b.id));
  }

  /** Whether the server has more friends than the pages received so far hold. */
  morePagesOnServer() {
    return this.pagesLoaded > 0 && this.pagesLoaded * this.pageSize < this.total;
  }
}
