"""Writes the career page's section icons as one inline SVG sprite.

    npm install --prefix /tmp/lucide lucide-static@1.62.0
    python manage.py build_icons /tmp/lucide/node_modules/lucide-static/icons

The icons are Lucide's (ISC License). The sprite is committed
(templates/includes/icon_sprite.svg) so a set-up never needs npm; this command is only
for changing the set. Each icon becomes a <symbol id="i-ANCHOR"> for the section of that
anchor (profiles.selectors.CONTENTS); site.css (.icon) strokes it in currentColor.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from profiles.selectors import CONTENTS

# Section anchor -> Lucide icon name.
ICONS = {
    "video": "play",
    "tasks": "list-checks",
    "inside": "users",
    "pay": "banknote",
    "pay-history": "trending-up",
    "local-pay": "map-pin",
    "education": "graduation-cap",
    "ai": "bot",
    "outlook": "telescope",
    "technology": "laptop",
    "abilities": "brain",
    "titles": "tag",
    "related": "network",
    "moves": "arrow-right-left",
    "sources": "database",
}
SVG = "{http://www.w3.org/2000/svg}"
SPRITE = Path(settings.BASE_DIR) / "templates" / "includes" / "icon_sprite.svg"
NOTICE = (
    "Section icons: Lucide (https://lucide.dev), ISC License, Copyright (c) Lucide Icons "
    "and Contributors; the full notice is in static/icons/LICENSE-lucide.txt"
)


def symbol(path: Path, symbol_id: str) -> str:
    """One icon's drawing as a <symbol>, keeping only its shapes and their geometry."""
    root = ET.fromstring(re.sub(r"<!--.*?-->", "", path.read_text(), flags=re.S))
    shapes = []
    for shape in root:
        tag = shape.tag.removeprefix(SVG)
        attrs = " ".join(f'{k}="{v}"' for k, v in shape.attrib.items())
        shapes.append(f"<{tag} {attrs}/>")
    view_box = root.get("viewBox", "0 0 24 24")
    return f'<symbol id="{symbol_id}" viewBox="{view_box}">{"".join(shapes)}</symbol>'


class Command(BaseCommand):
    help = "Build templates/includes/icon_sprite.svg from a lucide-static icons folder."

    def add_arguments(self, parser):
        parser.add_argument("icons", type=Path, help="lucide-static's icons/ folder")
        parser.add_argument("--out", type=Path, default=SPRITE, help=f"default: {SPRITE}")

    def handle(self, *args, icons: Path, out: Path, **options):
        missing = [anchor for anchor, *_ in CONTENTS if anchor not in ICONS]
        if missing:
            raise CommandError(f"no icon chosen for the sections {', '.join(missing)}")
        symbols = []
        for anchor, name in ICONS.items():
            path = icons / f"{name}.svg"
            if not path.exists():
                raise CommandError(f"{path}: no such icon")
            symbols.append(symbol(path, f"i-{anchor}"))
        out.write_text(
            f"<!-- {NOTICE} -->\n"
            '<svg xmlns="http://www.w3.org/2000/svg" class="icon-sprite" aria-hidden="true">\n'
            + "\n".join(symbols)
            + "\n</svg>\n",
            encoding="utf-8",
        )
        self.stdout.write(f"{out}: {len(symbols)} icons")
