#!/usr/bin/env bash
# The import's speed and memory on a large municipality's ledger: generates
# a SIE 4 file of 2 million lines (about 60 MB: #PSALDO per account, period
# and ansvar, and a year of #VER/#TRANS verifications), then times
# `vplan import` of it against one pass of awk summing the same #PSALDO
# rows, in one run (median of 5 each). Targets: the import at most 1.5×
# the awk pass, its peak memory under 30 MiB.
#   benches/import.sh            # builds vplan (release) if needed
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { apt-get update -qq && apt-get install -y -qq time; }
cargo build --release --quiet
vplan=target/release/vplan
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# 200 result accounts × 12 periods × ({} + 8 ansvar) #PSALDO rows, then
# verifications of 5 lines each (#VER, {, 2 × #TRANS, }) up to 2 000 000 lines.
LC_ALL=C awk 'BEGIN {
  print "#FLAGGA 0"; print "#FORMAT PC8"; print "#SIETYP 4"; print "#PROGRAM \"bench\" 1"
  print "#RAR 0 20220101 20221231"; print "#DIM 1 \"Ansvar\""
  n = 6
  for (a = 0; a < 200; a++) { printf "#KONTO %d \"Konto %d\"\n", 3000 + a * 25, a; n++ }
  for (a = 0; a < 200; a++) {
    konto = 3000 + a * 25; year = 0
    for (m = 1; m <= 12; m++) {
      total = 0
      for (o = 1; o <= 8; o++) {
        ore = (a * 7919 + m * 104729 + o * 1299709) % 10000000 - 5000000
        total += ore
        printf "#PSALDO 0 2022%02d %d {1 \"%d\"} %.2f\n", m, konto, o * 100, ore / 100; n++
      }
      printf "#PSALDO 0 2022%02d %d {} %.2f\n", m, konto, total / 100; n++
      year += total
    }
    printf "#RES 0 %d %.2f\n", konto, year / 100; n++
  }
  v = 1
  while (n + 5 <= 2000000) {
    printf "#VER A %d 2022%02d%02d \"Verifikation %d, leverant\224rsfaktura\"\n{\n", v, v % 12 + 1, v % 28 + 1, v
    printf "   #TRANS %d {1 \"%d\"} %d.%02d 2022%02d%02d \"Faktura %d\"\n", 4000 + v % 200 * 25, v % 8 * 100 + 100, v % 99991, v % 100, v % 12 + 1, v % 28 + 1, v
    printf "   #TRANS 2440 {} -%d.%02d\n}\n", v % 99991, v % 100
    n += 5; v++
  }
  while (n < 2000000) { print "#GEN 20230115"; n++ }
}' > "$dir/ledger.se"
lines=$(wc -l < "$dir/ledger.se")
mb=$(( $(stat -c %s "$dir/ledger.se") / 1000000 ))

cp examples/socialnamnden-2022.yaml "$dir/"
printf 'plan: socialnamnden-2022.yaml\nrapport:\n  typ: verksamhetsberättelse\n  datum: 2023-02-15\nkapitel: []\n' > "$dir/rapport.yaml"
printf 'regler:\n  - {post: ovrigt, konton: 3000-8999}\n' > "$dir/regler.yaml"

# Median of 5 runs of a command: "seconds peak-KiB".
median() {
  for _ in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | sed -n 3p
}
read -r awk_s awk_kib < <(median awk '$1 == "#PSALDO" && $2 == "0" && $5 == "{}" { s[$4] += $6 } END { for (k in s) t += s[k]; printf "%.2f\n", t }' "$dir/ledger.se")
read -r vplan_s vplan_kib < <(median "$vplan" import "$dir/rapport.yaml" --from "$dir/ledger.se" --mapping "$dir/regler.yaml" --dry-run)
"$vplan" import "$dir/rapport.yaml" --from "$dir/ledger.se" --mapping "$dir/regler.yaml" --dry-run | grep -E "^(read|reconciliation)"

ratio=$(awk -v a="$vplan_s" -v b="$awk_s" 'BEGIN { printf "%.2f", a / b }')
mib=$(( vplan_kib / 1024 ))
met() { awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "MISSED" }'; }
echo "ledger: $lines lines, $mb MB"
echo "awk one pass:  ${awk_s} s, $(( awk_kib / 1024 )) MiB"
echo "vplan import:  ${vplan_s} s, ${mib} MiB"
echo "time ÷ awk:    ${ratio} (target ≤ 1.5: $(met "$ratio" 1.5))"
echo "peak memory:   ${mib} MiB (target < 30 MiB: $(met "$mib" 29))"
