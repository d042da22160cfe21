// The web page of `skplugins serve`: five sections over the REST, OpenAI-compatible and map endpoints. Nothing is fetched from
// outside the server; the charts are hand-written SVG (charts.js).
import { $ } from './api.js';
import { initTokens } from './tokens.js';
import { initEmbeddings } from './embeddings.js';
import { initWords } from './words.js';
import { initSongs } from './songs.js';
import { initChat } from './chat.js';

$('api-key').value = localStorage.getItem('skplugins-api-key') || '';
initTokens();
initEmbeddings();
initWords();
initSongs();
initChat();
