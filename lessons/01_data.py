"""Lesson 1 — the data: WikiText-2, what the raw text looks like, and what cleaning removes.

You will see: the three files verified by checksum, a few raw lines with their odd markup
(= headings =, @-@, @,@, <unk>), the same lines after cleaning, and how many tokens that leaves.
Why it matters: every later number (vocabulary, pairs, accuracy) depends on these choices.
"""
import re

from lesson_utils import parse, section, wikitext_lines

from skipgram_np import corpus, data

args = parse(__doc__)

section("1. The files")
paths = data.wikitext2_files(data_dir=args.data_dir)
for split, path in paths.items():
    print(f"{split:>5}: {path}  ({path.stat().st_size / 1e6:.1f} MB, sha256 verified)")

section("2. Raw lines")
lines = wikitext_lines(args)
print(f"{len(lines):,} raw lines. The first non-empty ones:")
for line in [l for l in lines if l.strip()][:4]:
    print("  RAW  |" + line[:110])

section("3. The markup, counted")
text = "\n".join(lines[: 2000 if args.quick else None])
for pattern, meaning in [(r"^ =", "heading lines (= Title =, = = Section = =)"),
                         (r" @-@ ", "hyphens inside a word: state @-@ of @-@ the @-@ art"),
                         (r" @,@ ", "thousands separators: 1 @,@ 000"),
                         (r" @\.@ ", "decimal points: 3 @.@ 5"),
                         (r"<unk>", "<unk>: a rare word the release replaced")]:
    print(f"{len(re.findall(pattern, text, flags=re.M)):>8,}  {meaning}")

section("4. Cleaning")
print("Rules (skipgram_np/corpus.py): drop heading lines, lowercase, drop @-@ (splitting the compound),")
print("rejoin numbers around @,@ and @.@, keep <unk>, split on whitespace.")
examples = [l for l in lines if "@-@" in l or "@,@" in l][:2] + [l for l in lines if l.strip().startswith("=")][:1]
for line in examples:
    print("  RAW   |" + line.strip()[:100])
    print("  CLEAN |" + str(corpus.clean_line(line))[:100])

section("5. What is left")
tokens, starts = corpus.tokenize(lines[: 3000 if args.quick else None])
print(f"{len(tokens):,} tokens in {len(starts) - 1:,} paragraphs"
      + (" (quick mode: the first 3,000 lines)" if args.quick else ""))
print("First 20 tokens:", tokens[:20])
if not args.quick:
    print("Expected: 2,416,775 tokens in 21,580 paragraphs.")
print("\nNext: lesson 2 counts these tokens into a vocabulary.")
