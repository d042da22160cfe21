// Generates tests/Tokenization.Tests/TestData/reference-ids.json: ids, decodes and per-id decodes computed by
// @huggingface/tokenizers (the JS port of Hugging Face tokenizers) from local files in ../shared/mirror, offline.
// Usage (from the repository root): node tests/tools/tokenization/generate-expected.mjs
// Tokenizers that exist here only as vocab.json + merges.txt are given the tokenizer.json that transformers'
// converters produce for them (built below, in memory); the C# tests build the same tokenizer from the same files.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Tokenizer } from "@huggingface/tokenizers";

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const shared = process.env.SKPLUGINS_SHARED ?? resolve(repo, "../shared");
const hf = (repo_, file) => join(shared, "mirror/hf", repo_, file);
const readJson = (p) => JSON.parse(readFileSync(p, "utf8"));

export const cases = [
  "\nEnglish and CAPITALIZATION\n🎵 鸟\nshow_tokens False None elif == >= else: two tabs:\"    \" Three tabs: \"       \"\n12.0*50=600\n",
  "Hello world",
  "Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>",
  "Héllo wörld! Ça va? Ñandú, Straße, İstanbul, ΣΊΣΥΦΟΣ",
  "日本語のテキストと中文文本，还有한국어 텍스트。",
  "Привет, мир! Это тест на кириллице.",
  "مرحبا بالعالم — שלום עולם — नमस्ते दुनिया",
  "def f(x):\n\treturn x**2 + 1  # square\n\nif __name__ == \"__main__\":\n    print(f(41))",
  "for (int i = 0; i < 10; ++i) { sum += a[i]; } // C\n",
  "Emoji: 👩‍👩‍👧‍👦 🇫🇷 👍🏽 ❤️ 🎉🎉🎉 and 😀!",
  "          leading spaces, trailing spaces          ",
  "tabs\t\tand\nnew\r\nlines\n\n\n   mixed \t \n",
  "Numbers: 3.14159, 1,000,000, 2024-06-01, 0x1F, 1e-10, 12345678901234567890",
  "<|user|>\nWhat is a token?<|end|>\n<|assistant|>\n",
  "Special tokens inside <s> text </s> and <unk> and [CLS] [SEP] [MASK] <|endoftext|> <pad>",
  "don't can't won't I'm you're it's we've they'll",
  "   ",
  "",
  "a",
  "URL: https://example.com/path?q=1&r=two#frag and e-mail test@example.org",
  "ＦＵＬＬ－ＷＩＤＴＨ ｔｅｘｔ ①②③ ﬁ ligature ½ ™",
];

const roberta = readJson(hf("FacebookAI/roberta-base", "vocab.json"));
const robertaMerges = readFileSync(hf("FacebookAI/roberta-base", "merges.txt"), "utf8").split("\n").filter((l, i) => l && !(i === 0 && l.startsWith("#version")));
const starVocab = readJson(hf("bigcode/starcoder2-15b", "vocab.json"));
const starMerges = readFileSync(hf("bigcode/starcoder2-15b", "merges.txt"), "utf8").split("\n").filter((l, i) => l && !(i === 0 && l.startsWith("#version")));
const starSpecials = readJson(hf("bigcode/starcoder2-15b", "special_tokens.json"));

const added = (id, content, extra = {}) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...extra });
const bpe = (vocab, merges) => ({ type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges });

// microsoft/deberta-base: roberta-base ids with DeBERTa's specials (transformers' DebertaConverter).
const debertaSpecials = [[0, "[PAD]"], [1, "[CLS]"], [2, "[SEP]"], [3, "[UNK]"], [50264, "[MASK]"]];
const debertaVocab = Object.fromEntries(Object.entries(roberta).filter(([, id]) => !debertaSpecials.some(([s]) => s === id)));
for (const [id, content] of debertaSpecials) debertaVocab[content] = id;
const deberta = {
  version: "1.0", truncation: null, padding: null,
  added_tokens: debertaSpecials.map(([id, c]) => added(id, c, c === "[MASK]" ? { lstrip: true } : {})),
  normalizer: null,
  pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
  post_processor: { type: "TemplateProcessing", single: [{ SpecialToken: { id: "[CLS]", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }, { SpecialToken: { id: "[SEP]", type_id: 0 } }], pair: [], special_tokens: { "[CLS]": { id: "[CLS]", ids: [1], tokens: ["[CLS]"] }, "[SEP]": { id: "[SEP]", ids: [2], tokens: ["[SEP]"] } } },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: bpe(debertaVocab, robertaMerges),
};

// bigcode/starcoder2-15b: individual digits + ByteLevel(add_prefix_space=false), specials from special_tokens.json.
const starcoder = {
  version: "1.0", truncation: null, padding: null,
  added_tokens: starSpecials.map((s) => added(s.id, s.content)),
  normalizer: null,
  pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "Digits", individual_digits: true }, { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true }] },
  post_processor: { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: bpe(starVocab, starMerges),
};

// A Galactica/GPT-4-style byte-level BPE: a Split regex pre-tokenizer, then ByteLevel without its own regex, and a BOS template.
const splitByteLevel = {
  version: "1.0", truncation: null, padding: null,
  added_tokens: [added(0, "<s>"), added(2, "</s>"), added(50264, "<mask>", { lstrip: true })],
  normalizer: { type: "NFKC" },
  pre_tokenizer: { type: "Sequence", pretokenizers: [
    { type: "Split", pattern: { Regex: "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+" }, behavior: "Isolated", invert: false },
    { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: false }] },
  post_processor: { type: "TemplateProcessing", single: [{ SpecialToken: { id: "<s>", type_id: 0 } }, { Sequence: { id: "A", type_id: 0 } }], pair: [], special_tokens: { "<s>": { id: "<s>", ids: [0], tokens: ["<s>"] } } },
  decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
  model: bpe(roberta, robertaMerges),
};

const tokenizers = [
  { name: "google-t5/t5-small", source: "json:google-t5/t5-small/tokenizer.json", json: readJson(hf("google-t5/t5-small", "tokenizer.json")), config: readJson(hf("google-t5/t5-small", "tokenizer_config.json")) },
  { name: "microsoft/Phi-3-mini-4k-instruct", source: "json:microsoft/Phi-3-mini-4k-instruct/tokenizer.json", json: readJson(hf("microsoft/Phi-3-mini-4k-instruct", "tokenizer.json")), config: readJson(hf("microsoft/Phi-3-mini-4k-instruct", "tokenizer_config.json")) },
  { name: "microsoft/deberta-base", source: "constructed:deberta", json: deberta, config: { clean_up_tokenization_spaces: true } },
  { name: "bigcode/starcoder2-15b", source: "constructed:starcoder2", json: starcoder, config: { clean_up_tokenization_spaces: true } },
  { name: "split-bytelevel-bpe", source: "constructed:split-bytelevel", json: splitByteLevel, config: { clean_up_tokenization_spaces: false } },
];

const out = { generator: "tests/tools/tokenization/generate-expected.mjs", reference: "@huggingface/tokenizers 0.2.0", tokenizers: [] };
for (const t of tokenizers) {
  const tokenizer = new Tokenizer(t.json, t.config);
  const rows = [];
  for (const text of cases) {
    const enc = tokenizer.encode(text);
    rows.push({
      text,
      ids: enc.ids,
      ids_without_special_tokens: tokenizer.encode(text, { add_special_tokens: false }).ids,
      decoded: enc.ids.length ? tokenizer.decode(enc.ids) : "",
      decoded_skip_special: enc.ids.length ? tokenizer.decode(enc.ids, { skip_special_tokens: true }) : "",
      token_decodes: enc.ids.map((id) => tokenizer.decode([id])),
    });
  }
  out.tokenizers.push({ name: t.name, source: t.source, cases: rows });
  console.error(`${t.name}: ${rows.length} cases`);
}

const target = join(repo, "tests/Tokenization.Tests/TestData/reference-ids.json");
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
console.error(`wrote ${target}`);
