#!/usr/bin/env bash
# Re-extracts gui/po/staccs.pot (the English source catalogue) from the desktop client's
# sources and merges new and changed msgids into fr.po and ar.po, leaving their translations
# empty for a translator to fill in. Needs gettext (xgettext, msgmerge).
#   usage: gui/po/update-po.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
mapfile -t sources < <(find gui -name '*.cpp' -o -name '*.h' | LC_ALL=C sort)
# File names without line numbers, so moving code does not churn the PO files.
xgettext --from-code=UTF-8 --language=C++ --keyword= --keyword=tr --keyword=trc:1c,2 --keyword=trn:1,2 \
  --add-comments=TRANSLATORS: --add-location=file --sort-output --force-po \
  --package-name=staccs --package-version=0.1.0 --msgid-bugs-address=none \
  --output=gui/po/staccs.pot "${sources[@]}"
# Our own header comment instead of xgettext's placeholder lines.
sed -i '1,4c # English source catalogue of the STACCS Field Kit desktop client: made by gui/po/update-po.sh\
# from the tr(), trc() and trn() calls under gui/. Do not edit by hand.' gui/po/staccs.pot
for lang in fr ar; do
  msgmerge --quiet --update --backup=none --no-fuzzy-matching --add-location=file --sort-output \
    "gui/po/$lang.po" gui/po/staccs.pot
done
echo "update-po: $(grep -c '^msgid ' gui/po/staccs.pot) entries in staccs.pot (the header included)"
