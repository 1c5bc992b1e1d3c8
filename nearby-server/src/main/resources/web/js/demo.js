// The demo crowd (dev mode only): "Start demo" = POST /api/dev/demo {"lat","lon"}, "Stop demo" = DELETE
// /api/dev/demo. The server then runs a dozen demo friends (and a few discoverable strangers) walking around
// the user's position; they are real clients of the server, so everything the page shows comes through the
// normal protocol. With `./nearby up --demo` (client-config "demo.autoStart") the page starts it by itself.

import { $, notice } from './ui.js';

export class DemoPanel {
  /**
   * @param prepare() async; makes sure the user has a position and shares it, returns {lat, lon}
   * @param onFriends() the friend list changed
   */
  constructor(api, failed, prepare, onFriends) {
    this.api = api;
    this.failed = failed;
    this.prepare = prepare;
    this.onFriends = onFriends;
    this.running = false;
    $('start-demo').addEventListener('click', () => this.start());
    $('stop-demo').addEventListener('click', () => this.stop());
  }

  /** After sign-in: is a crowd of this user running (a reload), and should one start by itself? */
  async sync(autoStart) {
    try {
      this.set((await this.api.demo()).running);
      if (!this.running && autoStart) await this.start();
    } catch (e) {
      if (e.status !== 0) this.failed('Asking for the demo', e);
    }
  }

  set(running) {
    this.running = running;
    $('start-demo').disabled = running;
    $('stop-demo').disabled = !running;
  }

  async start() {
    $('start-demo').disabled = true;
    try {
      const at = await this.prepare();
      const crowd = await this.api.startDemo(at.lat, at.lon);
      this.set(true);
      $('demo-text').textContent = `${crowd.friends.length} demo friends and ${crowd.strangers.length} people nearby are walking around you.`;
      notice('Demo started: your demo friends appear within seconds');
      await this.onFriends();
    } catch (e) {
      this.set(false);
      this.failed('Starting the demo', e);
    }
  }

  async stop() {
    $('stop-demo').disabled = true;
    try {
      await this.api.stopDemo();
      this.set(false);
      $('demo-text').textContent = 'Demo stopped: the demo friends left.';
      await this.onFriends();
    } catch (e) {
      $('stop-demo').disabled = false;
      this.failed('Stopping the demo', e);
    }
  }
}
