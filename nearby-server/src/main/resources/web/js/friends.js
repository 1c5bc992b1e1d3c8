// The "Friends" panel: GET /api/friends ({"friends":[{id,name,avatarUrl,visible}],"incoming":[ids],"outgoing":[ids]}),
// "Add friend" and "Accept" = POST /api/friends/{id}, "Decline", "Remove" and "Withdraw" = DELETE
// /api/friends/{id}, "Hide my location" / "Show my location" = PUT /api/friends/{id}/visibility. Friendship is mutual: it exists once both added each other. There is no push for friend
// requests, so the page polls this list (and refreshes it when an unknown friend shows up on the socket).

import { $, notice } from './ui.js';

export class FriendsPanel {
  /** @param failed(what, error) shows a failed call */
  constructor(api, failed) {
    this.api = api;
    this.failed = failed;
    this.lists = { friends: [], incoming: [], outgoing: [] };
    this.inFlight = null;
    this.rendered = '';
    $('add-friend-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.add($('friend-id').value.trim());
    });
  }

  has(id) {
    return this.lists.friends.some((f) => f.id === id);
  }

  name(id) {
    return this.lists.friends.find((f) => f.id === id)?.name ?? id;
  }

  clear() {
    this.lists = { friends: [], incoming: [], outgoing: [] };
    this.render();
  }

  /** Reloads the lists; calls made while one is on its way share it. */
  refresh() {
    if (!this.api.token) return Promise.resolve();
    this.inFlight ??= this.api.friends()
      .then((lists) => {
        this.lists = lists;
        this.render();
      })
      .catch((e) => {
        if (e.status !== 0) this.failed('Loading your friends', e); // no answer: the status line says so already
      })
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  async add(id) {
    try {
      const { status } = await this.api.addFriend(id);
      notice(status === 'friends' ? `You and ${id} are now friends` : `Request sent: ${id} has to add you too`);
      $('friend-id').value = '';
      await this.refresh();
    } catch (e) {
      this.failed(`Adding ${id}`, e);
    }
  }

  render() {
    const f = this.lists;
    const key = JSON.stringify(f);
    if (key === this.rendered) return; // unchanged: keep focus and buttons where they are
    this.rendered = key;
    $('incoming-list').replaceChildren(...f.incoming.map((id) => this.item(id, id, [
      ['Accept', () => this.api.addFriend(id)],
      ['Decline', () => this.api.removeFriend(id)],
    ])));
    $('friend-list').replaceChildren(...f.friends.map((p) => this.item(p.id, p.name, [
      p.visible === false
        ? ['Show my location', () => this.api.setVisible(p.id, true)]
        : ['Hide my location', () => this.api.setVisible(p.id, false)],
      ['Remove', () => this.api.removeFriend(p.id)],
    ])));
    $('outgoing-list').replaceChildren(...f.outgoing.map((id) => this.item(id, id, [
      ['Withdraw', () => this.api.removeFriend(id)],
    ])));
  }

  /** One person with buttons named exactly "Accept", "Remove"...; each button's description says whom it is for. */
  item(id, name, buttons) {
    const li = document.createElement('li');
    li.dataset.id = id;
    const who = document.createElement('span');
    who.className = 'who';
    who.id = `person-${crypto.randomUUID()}`;
    who.textContent = name === id ? id : `${name} `;
    if (name !== id) {
      const small = document.createElement('span');
      small.className = 'id';
      small.textContent = id;
      who.append(small);
    }
    li.append(who);
    for (const [label, action] of buttons) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.setAttribute('aria-describedby', who.id);
      b.addEventListener('click', async () => {
        b.disabled = true;
        try {
          await action();
          await this.refresh();
        } catch (e) {
          this.failed(`${label} ${id}`, e);
          b.disabled = false;
        }
      });
      li.append(b);
    }
    return li;
  }
}
