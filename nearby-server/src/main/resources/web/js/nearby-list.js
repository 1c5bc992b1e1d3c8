// The list "Nearby friends": one item per friend in range, nearest first, with the distance in the reader's
// units and "updated N s ago" (from the friend's own ts), redrawn every second so the age keeps counting.
// Shows `shown` entries; "More" adds a page (and asks the server for its next page if it has more).

import { $ } from './ui.js';
import { formatAge, formatDistance } from './geo.js';

/**
 * @param sorted  friends with distanceMeters, nearest first
 * @param summary the sentence above the list
 * @param shown   how many to show
 * @param more    whether "More" has anything to add
 */
export function renderNearbyList(sorted, summary, shown, more) {
  $('nearby-summary').textContent = summary;
  const now = Date.now();
  const items = sorted.slice(0, shown).map((f) => {
    const li = document.createElement('li');
    li.dataset.id = f.id;
    const name = document.createElement('span');
    name.className = 'name';
    name.textContent = f.name;
    const distance = document.createElement('span');
    distance.className = 'distance';
    distance.textContent = formatDistance(f.distanceMeters);
    distance.dataset.meters = f.distanceMeters.toFixed(1);
    const age = document.createElement('span');
    age.className = 'age';
    age.textContent = formatAge(f.ts, now);
    li.append(name, distance, age);
    return li;
  });
  $('nearby-list').replaceChildren(...items);
  $('more').hidden = !more;
}
