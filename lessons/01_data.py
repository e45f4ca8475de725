# %% [markdown]
# # Lesson 1 — the data: WikiText-2, its markup, and what cleaning keeps
#
# Cleaning (skipgram_np/corpus.py) turns each raw line into tokens:
#
#     line starting with "="          →  dropped (a heading: = Title =, = = Section = =)
#     " @-@ "                         →  " "     (state @-@ of @-@ the @-@ art → state of the art)
#     " @,@ "  and  " @.@ "           →  "," "." (1 @,@ 000 → 1,000;  3 @.@ 5 → 3.5)
#     everything                      →  lowercase, split on whitespace; <unk> stays a word
#
#     N = Σ over kept lines of |tokens(line)|         (the number every later lesson starts from)
#
# You will see the three files (verified by checksum), raw lines with their markup counted, the
# same lines after cleaning, and how many tokens that leaves. Every later number (vocabulary,
# pairs, accuracy) depends on these choices.

# %%
import re

from lesson_utils import check, parse, predict, reveal, section, wikitext_lines, wikitext_paths

from skipgram_np import corpus

args = parse("Lesson 1: the WikiText-2 files, their markup, and what cleaning keeps")
LINES = 3000 if args.quick else None          # quick: the first 3,000 lines only

# %% [markdown]
# ## 1. The files
# Three splits (train, valid, test); the pipeline uses all three, concatenated.

# %%
section("1. The files")
paths = wikitext_paths(args)               # data.wikitext2_files: verified by SHA-256
for split, path in paths.items():
    print(f"{split:>5}: {path}  ({path.stat().st_size / 1e6:.1f} MB, sha256 verified)")

# %% [markdown]
# ### Predict
# The three files hold about 13 MB of text, Wikipedia articles with their markup. How many tokens
# (words, numbers and punctuation marks) will be left once cleaning has dropped the headings and
# the markup — in millions? (Quick settings read only the first 3,000 lines: about 1/12 of it.)

# %%
guess = None          # ← your prediction, in millions of tokens, e.g. 1.5
predict("tokens", "How many tokens, in millions, does cleaning leave"
        + (" in the first 3,000 lines?" if LINES else "?"), guess)

# %% [markdown]
# ## 2. Raw lines and their markup
# WikiText keeps Wikipedia's headings and writes hyphens and number separators as their own tokens.

# %%
section("2. Raw lines and their markup")
lines = wikitext_lines(args)
print(f"{len(lines):,} raw lines. The first non-empty ones:")
for line in [raw for raw in lines if raw.strip()][:4]:
    print("  RAW  |" + line[:110])
text = "\n".join(lines[:LINES])
print("in " + (f"the first {LINES:,} lines" if LINES else "all lines") + ":")
for pattern, meaning in [(r"^ =", "heading lines (= Title =, = = Section = =)"),
                         (r" @-@ ", "hyphens inside a word: state @-@ of @-@ the @-@ art"),
                         (r" @,@ ", "thousands separators: 1 @,@ 000"),
                         (r" @\.@ ", "decimal points: 3 @.@ 5"),
                         (r"<unk>", "<unk>: a rare word the release replaced")]:
    print(f"{len(re.findall(pattern, text, flags=re.M)):>8,}  {meaning}")

# %% [markdown]
# ## 3. Cleaning, line by line

# %%
section("3. Cleaning")
examples = ([raw for raw in lines if "@-@" in raw or "@,@" in raw][:2]
            + [raw for raw in lines if raw.strip().startswith("=")][:1])
for line in examples:
    print("  RAW   |" + line.strip()[:100])
    cleaned = corpus.clean_line(line)
    print("  CLEAN |" + (cleaned[:100] if cleaned is not None else "(dropped: a heading)"))

# %% [markdown]
# ## 4. What is left
# One paragraph per kept line; windows may later cross paragraph ends (the reference's choice).

# %%
section("4. What is left")
tokens, starts = corpus.tokenize(lines[:LINES])
raw_tokens = sum(len(line.split()) for line in lines[:LINES])
print(f"{len(tokens):,} tokens in {len(starts) - 1:,} paragraphs"
      + (f" (the first {LINES:,} lines)" if LINES else ""))
print("first 20 tokens:", tokens[:20])
reveal("tokens", len(tokens) / 1e6, "{:.3f}")
print(f"the raw lines split on whitespace give {raw_tokens:,} pieces; cleaning kept {len(tokens) / raw_tokens:.1%} "
      f"of them (the headings and the @-@ markers go; 1 @,@ 000 becomes one token)")
check(args, "tokens after cleaning", len(tokens), full=(2_416_775, 0), quick=(163_039, 0), fmt="{:,}")
check(args, "paragraphs", len(starts) - 1, full=(21_580, 0), quick=(1_388, 0), fmt="{:,}")

# %% [markdown]
# ## Try next
# - Find a line whose cleaning you would do differently (a date? a chemical formula?) and say
#   what it would change downstream.
# - Lesson 2 counts these tokens into a vocabulary.
