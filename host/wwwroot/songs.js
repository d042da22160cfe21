// Songs: recommendations from the Word2Vec song vectors (artist, tags shared with the seed first), negatives, the artist filter
// and the strategy, with a 2D PCA map of the seed's neighbourhood (/api/map/songs).
import { $, callApi, showError, isAbort, element } from './api.js';
import { scatter } from './charts.js';

const MAX_TAGS = 6;

// Last.fm tags that say how listeners feel rather than what the music is: the server's one list (GET /api/songs/sentiment_tags,
// the tour's too), read once; shown last.
let sentimentTags = null;
function sentiment() {
  sentimentTags ??= callApi('/api/songs/sentiment_tags').then((r) => new Set(r.tags)).catch((error) => { sentimentTags = null; throw error; });
  return sentimentTags;
}

// tags.txt lists a song's tags by tag id, and tag ids follow popularity (0 rock, 1 pop, 2 favorites, ...): shared genre and decade
// tags come first, rarest first (the most telling, e.g. 'heavy metal' before 'rock'), then the song's other tags.
function tagCell(tags, seedTags, sentimentSet) {
  const telling = (t) => !sentimentSet.has(t);
  const shared = tags.filter((t) => seedTags.has(t) && telling(t)).reverse();
  const others = [...tags.filter((t) => !seedTags.has(t) && telling(t)), ...tags.filter((t) => !telling(t))];
  const cell = element('td', { class: 'tags' });
  for (const tag of [...shared, ...others].slice(0, MAX_TAGS)) {
    cell.append(element('span', { class: seedTags.has(tag) ? 'tag shared' : 'tag', title: seedTags.has(tag) ? 'also a tag of the seed song' : '' }, tag));
  }
  return cell;
}

function render(result, sentimentSet) {
  const seed = result.song;
  const seedTags = new Set(seed.tags || []);
  $('song-seed').textContent = `Like “${seed.title}” by ${seed.artist}:`;
  const body = $('song-results').querySelector('tbody');
  body.replaceChildren(...result.results.map((song, i) => element('tr', { dataset: { id: song.id } },
    element('td', { class: 'num' }, String(i + 1)),
    element('td', {}, song.title),
    element('td', {}, song.artist),
    tagCell(song.tags || [], seedTags, sentimentSet),
    element('td', { class: 'num' }, Number(song.score).toFixed(4)))));
  $('song-results').hidden = body.children.length === 0;
}

async function drawMap(result, signal) {
  const ids = [result.song.id, ...result.results.map((r) => r.id)];
  const map = await callApi('/api/map/songs', { songs: ids }, signal);
  map.points.forEach((p, i) => { p.short = i === 0 ? result.song.title : `${i}. ${result.results[i - 1].title}`; });
  scatter($('song-map'), map.points, { [String(result.song.id)]: 'seed' }, `Neighbourhood of “${result.song.title}”`);
  const [x, y] = map.explained_variance.map((v) => (v * 100).toFixed(0));
  $('song-map-caption').textContent = `The seed (orange) and its recommendations — PCA of the song vectors (x ${x}%, y ${y}% of their variance).`;
}

async function recommend() {
  showError('song-error', null);
  const song = $('song-query').value.trim();
  if (!song) { showError('song-error', 'type a song title, artist or id'); return; }
  const body = { song, top: Number($('song-top').value) || 8 };
  const negatives = $('song-negative').value.trim();
  const notArtist = $('song-not-artist').value.trim();
  if (negatives) body.negatives = negatives;
  if (notArtist) body.not_artist = notArtist;
  if ($('song-strategy').value) body.strategy = $('song-strategy').value;
  try {
    const [result, sentimentSet] = await Promise.all([callApi('/api/songs/recommend', body), sentiment()]);
    render(result, sentimentSet);
    await drawMap(result);
  } catch (error) {
    if (!isAbort(error)) showError('song-error', error);
  }
}

export function initSongs() {
  $('recommend').addEventListener('click', recommend);
  for (const id of ['song-query', 'song-negative', 'song-not-artist']) $(id).addEventListener('keydown', (e) => { if (e.key === 'Enter') recommend(); });
}
