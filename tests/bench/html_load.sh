#!/bin/sh
# html_load.sh - the interactive map at scale: writes `render --out X.html`
# of `synth --chapters N` (default 200000: about 240k orgs and 1.1M ties)
# and opens it in headless Chromium through the DevTools protocol
# (tests/cli/html_check.py load), reporting the time render takes, the file
# size, the time from navigation to the map's first frame (the page draws it
# from the first data block, before the browser has read the details) and to
# the page being ready (search, filters, click: the driver's clock).  The
# layout is the default fr.
#
#   tests/bench/html_load.sh BUILD/coalition [CHAPTERS] [WORKDIR]
set -eu
COALITION=$1
CHAPTERS=${2:-200000}
WORK=${3:-$(mktemp -d)}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$WORK"
DB="$WORK/synth-$CHAPTERS.db"
if [ ! -s "$DB" ]; then
	"$COALITION" synth --chapters "$CHAPTERS" --out "$WORK/synth-$CHAPTERS" --force
	"$COALITION" --db "$DB" init
	"$COALITION" --db "$DB" import "$WORK/synth-$CHAPTERS" >/dev/null
fi
/usr/bin/time -f '%e %M' -o "$WORK/render.time" \
	"$COALITION" --db "$DB" render --out "$WORK/map-$CHAPTERS.html" --labels none
read -r secs kb <"$WORK/render.time"
bytes=$(wc -c <"$WORK/map-$CHAPTERS.html")
read -r ready_ms first_ms <<EOF
$(/usr/bin/python3 "$HERE/../cli/html_check.py" load "$WORK/map-$CHAPTERS.html")
EOF
echo "chapters $CHAPTERS: render --out .html ${secs} s (peak ${kb} KB); file $bytes bytes" \
	"($((bytes / 1048576)) MB); Chromium: first frame ${first_ms} ms after navigation," \
	"ready ${ready_ms} ms after navigation"
