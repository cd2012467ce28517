/**
 * Word lists and patterns for plausible synthetic movie titles.
 *
 * Some patterns put commas and double quotes into titles on purpose ("Letters, The",
 * `The "Honest" Thief`) and some add an alternative title in parentheses, so every
 * generated dataset exercises RFC 4180 quoting and the year-suffix parser.
 */
import type { Random } from '../random.js';

const ADJECTIVES = [
  'Silent', 'Crimson', 'Broken', 'Last', 'Hidden', 'Golden', 'Wild', 'Lost', 'Midnight', 'Burning', 'Frozen', 'Secret',
  'Endless', 'Quiet', 'Dark', 'Bright', 'Little', 'Great', 'Forgotten', 'Electric', 'Savage', 'Gentle', 'Hollow', 'Iron',
  'Paper', 'Velvet', 'Restless', 'Distant', 'Final', 'Eternal', 'Wicked', 'Lonely', 'Northern', 'Southern', 'Painted',
  'Sleeping', 'Falling', 'Rising', 'Shattered', 'Blue', 'Scarlet', 'Brave', 'Reckless', 'Honest', 'Strange', 'Perfect',
];
const NOUNS = [
  'River', 'City', 'Kingdom', 'Garden', 'Shadow', 'Letter', 'Summer', 'Winter', 'Station', 'Horizon', 'Island', 'Empire',
  'Promise', 'Storm', 'Mirror', 'Dream', 'Witness', 'Stranger', 'Road', 'Heart', 'Machine', 'Frontier', 'Harbor', 'Orchard',
  'Signal', 'Voyage', 'Circus', 'Detective', 'Ghost', 'Thief', 'Soldier', 'Dancer', 'Planet', 'Galaxy', 'Ocean', 'Forest',
  'Castle', 'Bridge', 'Tower', 'Engine', 'Song', 'Night', 'Morning', 'Highway', 'Desert', 'Mountain', 'Lighthouse', 'Secret',
];
const NAMES = [
  'Anna', 'Jack', 'Maria', 'Oscar', 'Lena', 'Hugo', 'Clara', 'Felix', 'Nora', 'Max', 'Iris', 'Leo', 'Elsa', 'Victor',
  'Mina', 'Rosa', 'Theo', 'Yuki', 'Omar', 'Zoe', 'Ivan', 'Chloe', 'Dev', 'Greta',
];
const PLACES = ['Paris', 'Tokyo', 'Cairo', 'Lisbon', 'Berlin', 'Havana', 'Oslo', 'Mumbai', 'Dublin', 'Nairobi', 'Seoul', 'Lima'];
const FOREIGN_NOUNS = ['La Nuit', 'Der Sturm', 'El Camino', 'Il Ponte', 'Le Jardin', 'Die Stadt', 'La Sombra', 'Il Sogno'];
const SEQUELS = ['2', '3', 'II', 'III', 'Part II', 'Returns', 'Reloaded'];

function pick<T>(random: Random, list: readonly T[]): T {
  return list[random.int(list.length)]!;
}

/** A plausible title, without a year. */
export function syntheticTitle(random: Random): string {
  const adjective = pick(random, ADJECTIVES);
  const noun = pick(random, NOUNS);
  const roll = random.next();
  let title: string;
  if (roll < 0.18) title = `The ${adjective} ${noun}`;
  else if (roll < 0.3) title = `${noun} of ${pick(random, PLACES)}`;
  else if (roll < 0.4) title = `${pick(random, NAMES)}'s ${noun}`;
  else if (roll < 0.5) title = `${adjective} ${noun}s`;
  // MovieLens moves leading articles to the end: "Letter, The".
  else if (roll < 0.6) title = `${adjective} ${noun}, The`;
  else if (roll < 0.67) title = `${noun}, ${pick(random, NOUNS)} and ${pick(random, NOUNS)}`;
  else if (roll < 0.72) title = `The "${adjective}" ${noun}`;
  else if (roll < 0.8) title = `${pick(random, NAMES)}: ${adjective} ${noun}s`;
  else if (roll < 0.86) title = `${noun} of the ${adjective} ${pick(random, NOUNS)}`;
  // An alternative title in parentheses, like "Cité des enfants perdus, La" in MovieLens.
  else if (roll < 0.91) title = `${adjective} ${noun} (${pick(random, FOREIGN_NOUNS)})`;
  else title = `${adjective} ${noun}`;
  return random.next() < 0.06 ? `${title} ${pick(random, SEQUELS)}` : title;
}
