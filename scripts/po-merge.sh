#!/usr/bin/env bash
# Git merge driver for gettext catalogues: the union of both sides' entries, ours first
# where both translate the same text differently. Parallel branches that each add
# strings then merge without conflicts. Set up once per clone (make setup does it):
#   git config merge.po.driver 'scripts/po-merge.sh %O %A %B'
set -euo pipefail
ours=$2 theirs=$3
merged=$(mktemp)
msgcat --use-first --output-file="$merged" "$ours" "$theirs"
mv "$merged" "$ours"
