// Generates tests/Tokenization.Tests/TestData/special-token-defaults.json: the ids (special tokens included) that Python
// transformers' AutoTokenizer gives for every tokenizer in ../shared/mirror/hf, offline.
// Usage (from the repository root): (cd tests/tools/tokenization && npm ci) && node tests/tools/tokenization/generate-special-defaults.mjs
//
// The ids come from Hugging Face's Rust tokenizers through its Node binding (npm `tokenizers`): the same library
// transformers' PreTrainedTokenizerFast runs. transformers' own rules on top of the files are applied here, as it does:
//  - tokenizer.json: its post_processor (TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel) runs as is,
//    except for the Llama family (tokenizer_class LlamaTokenizer, CodeLlamaTokenizer, GemmaTokenizer, with or without
//    "Fast"): LlamaTokenizerFast.__init__ calls update_post_processor(), which replaces the file's post-processor by
//    TemplateProcessing(single = "[bos:0] $A:0 [eos:0]") from tokenizer_config.json's add_bos_token (default true) and
//    add_eos_token (default false), with bos_token (default <s>) and eos_token (default </s>). See llamaPostProcessor below.
//  - vocab.txt (bert-base-cased): BertTokenizerFast, built by transformers' BertConverter ([CLS] $A [SEP]).
//  - vocab.json + merges.txt (roberta-base): RobertaTokenizerFast, built by RobertaConverter (RobertaProcessing <s> $A </s>).
//  - vocab.json + merges.txt + special_tokens.json (starcoder2): GPT2TokenizerFast with the Hub file's ByteLevel post-processor.
// Cross-check: @huggingface/transformers (JS) AutoTokenizer on the folders with a tokenizer.json must give the same ids
// where the files agree with the Llama rule; the script stops if it does not.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tokenizers from "tokenizers";
import { AutoTokenizer, env } from "@huggingface/transformers";

const { Tokenizer } = tokenizers;
const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
const shared = process.env.SKPLUGINS_SHARED ?? resolve(repo, "../shared");
const hf = (repo_, file) => join(shared, "mirror/hf", repo_, file);
const readJson = (p) => JSON.parse(readFileSync(p, "utf8"));
const mergesOf = (p) => readFileSync(p, "utf8").split("\n").filter((l, i) => l && !(i === 0 && l.startsWith("#version")));

export const texts = [
  "Hello world",
  "Write an email apologizing to Sarah for the tragic gardening mishap. Explain how it happened.<|assistant|>",
  "\nEnglish and CAPITALIZATION\n🎵 鸟\nshow_tokens False None elif == >= else: two tabs:\"    \" Three tabs: \"       \"\n12.0*50=600\n",
  "<|user|>\nWhat is a token?<|end|>\n<|assistant|>\n",
  "Special tokens inside <s> text </s> and [CLS] [SEP] <|endoftext|>",
  "a",
  "",
];

const LLAMA_CLASSES = new Set(["LlamaTokenizer", "LlamaTokenizerFast", "CodeLlamaTokenizer", "CodeLlamaTokenizerFast", "GemmaTokenizer", "GemmaTokenizerFast"]);
const tokenText = (v) => (v && typeof v === "object" ? v.content : v);

// transformers' LlamaTokenizerFast.update_post_processor(), expressed as the tokenizer.json it leaves behind.
function llamaPostProcessor(json, config) {
  const addBos = config.add_bos_token ?? true;
  const addEos = config.add_eos_token ?? false;
  const bos = tokenText(config.bos_token) ?? "<s>";
  const eos = tokenText(config.eos_token) ?? "</s>";
  const idOf = (t) => json.added_tokens.find((a) => a.content === t)?.id ?? json.model.vocab[t] ?? (Array.isArray(json.model.vocab) ? json.model.vocab.findIndex((p) => p[0] === t) : undefined);
  const single = [];
  const special = {};
  if (addBos) { single.push({ SpecialToken: { id: bos, type_id: 0 } }); special[bos] = { id: bos, ids: [idOf(bos)], tokens: [bos] }; }
  single.push({ Sequence: { id: "A", type_id: 0 } });
  if (addEos) { single.push({ SpecialToken: { id: eos, type_id: 0 } }); special[eos] = { id: eos, ids: [idOf(eos)], tokens: [eos] }; }
  const pair = [...single, ...single.map((p) => (p.Sequence ? { Sequence: { id: "B", type_id: 1 } } : { SpecialToken: { id: p.SpecialToken.id, type_id: 1 } }))];
  return { type: "TemplateProcessing", single, pair, special_tokens: special };
}

function withTransformersRules(json, config) {
  return LLAMA_CLASSES.has(config.tokenizer_class) ? { ...json, post_processor: llamaPostProcessor(json, config) } : json;
}

const added = (id, content, extra = {}) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true, ...extra });
const bpe = (vocab, merges) => ({ type: "BPE", dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, vocab, merges });

// BertConverter on vocab.txt + tokenizer_config.json (do_lower_case).
function bertFromVocab(name) {
  const vocab = {};
  readFileSync(hf(name, "vocab.txt"), "utf8").split("\n").forEach((line, i) => { const t = line.replace(/\r$/, ""); if (!(t in vocab) && (t || i < 1)) vocab[t] = i; });
  const config = readJson(hf(name, "tokenizer_config.json"));
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].map((t) => added(vocab[t], t)),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: config.do_lower_case ?? true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: { type: "BertProcessing", sep: ["[SEP]", vocab["[SEP]"]], cls: ["[CLS]", vocab["[CLS]"]] },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
  };
}

// RobertaConverter on vocab.json + merges.txt.
function robertaFromVocab(name) {
  const vocab = readJson(hf(name, "vocab.json"));
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: [added(vocab["<s>"], "<s>"), added(vocab["<pad>"], "<pad>"), added(vocab["</s>"], "</s>"), added(vocab["<unk>"], "<unk>"), added(vocab["<mask>"], "<mask>", { lstrip: true })],
    normalizer: null,
    pre_tokenizer: { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true },
    post_processor: { type: "RobertaProcessing", sep: ["</s>", vocab["</s>"]], cls: ["<s>", vocab["<s>"]], trim_offsets: true, add_prefix_space: false },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: bpe(vocab, mergesOf(hf(name, "merges.txt"))),
  };
}

// GPT2TokenizerFast as the Hub's starcoder2 tokenizer.json has it: ByteLevel post-processor (adds nothing).
function starcoder2(name) {
  return {
    version: "1.0", truncation: null, padding: null,
    added_tokens: readJson(hf(name, "special_tokens.json")).map((s) => added(s.id, s.content)),
    normalizer: null,
    pre_tokenizer: { type: "Sequence", pretokenizers: [{ type: "Digits", individual_digits: true }, { type: "ByteLevel", add_prefix_space: false, trim_offsets: true, use_regex: true }] },
    post_processor: { type: "ByteLevel", add_prefix_space: true, trim_offsets: false, use_regex: true },
    decoder: { type: "ByteLevel", add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: bpe(readJson(hf(name, "vocab.json")), mergesOf(hf(name, "merges.txt"))),
  };
}

const phi3 = "microsoft/Phi-3-mini-4k-instruct";
const phi3Config = readJson(hf(phi3, "tokenizer_config.json"));
const phi3Json = readJson(hf(phi3, "tokenizer.json"));
const drop = (o, ...keys) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

// name: what the C# test loads; config_changes: keys set (null = removed) in tokenizer_config.json before loading.
const entries = [
  { name: phi3, files: "tokenizer.json + tokenizer_config.json", json: phi3Json, config: phi3Config, config_changes: null, folder: phi3 },
  { name: phi3, files: "tokenizer.json + tokenizer_config.json", json: phi3Json, config: { ...phi3Config, add_bos_token: true }, config_changes: { add_bos_token: true }, note: "the book's view: <s> first" },
  { name: phi3, files: "tokenizer.json + tokenizer_config.json", json: phi3Json, config: { ...phi3Config, add_eos_token: true }, config_changes: { add_eos_token: true }, note: "eos_token is <|endoftext|> in this config" },
  { name: phi3, files: "tokenizer.json + tokenizer_config.json", json: phi3Json, config: drop(phi3Config, "add_bos_token", "add_eos_token"), config_changes: { add_bos_token: null, add_eos_token: null }, note: "LlamaTokenizerFast's defaults: add_bos_token=true, add_eos_token=false" },
  { name: phi3, files: "tokenizer.json + tokenizer_config.json", json: phi3Json, config: { ...phi3Config, tokenizer_class: "PreTrainedTokenizerFast", add_bos_token: true }, config_changes: { tokenizer_class: "PreTrainedTokenizerFast", add_bos_token: true }, note: "not a Llama class: the file's post-processor, add_bos_token ignored" },
  { name: "skplugins-testing/tiny-random-phi3", files: "tokenizer.json + tokenizer_config.json", json: readJson(hf("skplugins-testing/tiny-random-phi3", "tokenizer.json")), config: readJson(hf("skplugins-testing/tiny-random-phi3", "tokenizer_config.json")), config_changes: null, folder: "skplugins-testing/tiny-random-phi3" },
  { name: "google-t5/t5-small", files: "tokenizer.json + tokenizer_config.json", json: readJson(hf("google-t5/t5-small", "tokenizer.json")), config: readJson(hf("google-t5/t5-small", "tokenizer_config.json")), config_changes: null, folder: "google-t5/t5-small" },
  { name: "bert-base-cased", files: "vocab.txt + tokenizer_config.json", json: bertFromVocab("bert-base-cased"), config: {}, config_changes: null },
  { name: "FacebookAI/roberta-base", files: "vocab.json + merges.txt", json: robertaFromVocab("FacebookAI/roberta-base"), config: {}, config_changes: null },
  { name: "bigcode/starcoder2-15b", files: "vocab.json + merges.txt + special_tokens.json", json: starcoder2("bigcode/starcoder2-15b"), config: {}, config_changes: null },
];

env.allowRemoteModels = false;
env.allowLocalModels = true;
env.localModelPath = join(shared, "mirror/hf") + "/";

const out = {
  generator: "tests/tools/tokenization/generate-special-defaults.mjs",
  reference: "tokenizers 0.23.2 (Hugging Face's Rust tokenizers, Node binding) with transformers' post-processor rules; cross-checked with @huggingface/transformers 4.3.2 AutoTokenizer",
  texts,
  entries: [],
};
for (const e of entries) {
  const effective = withTransformersRules(e.json, e.config);
  const tokenizer = Tokenizer.fromString(JSON.stringify(effective));
  const cases = [];
  for (const text of texts) {
    const ids = (await tokenizer.encode(text)).getIds();
    const plain = (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds();
    cases.push({ text, ids, ids_without_special_tokens: plain });
  }

  if (e.folder) {
    // transformers.js follows the file's post-processor only; where the Llama rule leaves it unchanged, both must agree.
    const js = await AutoTokenizer.from_pretrained(e.folder, { local_files_only: true });
    for (const c of cases) {
      const jsIds = js.encode(c.text);
      if (JSON.stringify(jsIds) !== JSON.stringify(c.ids)) {
        throw new Error(`${e.name}: transformers.js ${JSON.stringify(jsIds)} != ${JSON.stringify(c.ids)} for ${JSON.stringify(c.text)}`);
      }
    }
  }

  const template = effective.post_processor;
  out.entries.push({ name: e.name, files: e.files, config_changes: e.config_changes, note: e.note ?? null, post_processor: template?.type ?? null, cases });
  console.error(`${e.name}${e.config_changes ? " " + JSON.stringify(e.config_changes) : ""}: ${cases.length} cases, ${JSON.stringify(cases[0].ids.slice(0, 3))}...`);
}

const target = join(repo, "tests/Tokenization.Tests/TestData/special-token-defaults.json");
writeFileSync(target, JSON.stringify(out, null, 1) + "\n");
console.error(`wrote ${target}`);
