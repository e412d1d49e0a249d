"""SOC 2018 major groups and code helpers shared by importers, the demo loader and views."""

import re

ONET_CODE_RE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
SOC_CODE_RE = re.compile(r"^\d{2}-\d{4}$")

# Regex strings for database CHECK constraints (portable: PostgreSQL `~`, SQLite REGEXP).
ONET_CODE_PATTERN = r"^[0-9]{2}-[0-9]{4}\.[0-9]{2}$"
SOC_CODE_PATTERN = r"^[0-9]{2}-[0-9]{4}$"

MAJOR_GROUPS = {
    "11": "Management",
    "13": "Business and Financial Operations",
    "15": "Computer and Mathematical",
    "17": "Architecture and Engineering",
    "19": "Life, Physical, and Social Science",
    "21": "Community and Social Service",
    "23": "Legal",
    "25": "Educational Instruction and Library",
    "27": "Arts, Design, Entertainment, Sports, and Media",
    "29": "Healthcare Practitioners and Technical",
    "31": "Healthcare Support",
    "33": "Protective Service",
    "35": "Food Preparation and Serving Related",
    "37": "Building and Grounds Cleaning and Maintenance",
    "39": "Personal Care and Service",
    "41": "Sales and Related",
    "43": "Office and Administrative Support",
    "45": "Farming, Fishing, and Forestry",
    "47": "Construction and Extraction",
    "49": "Installation, Maintenance, and Repair",
    "51": "Production",
    "53": "Transportation and Material Moving",
    "55": "Military Specific",
}


def split_codes(values) -> tuple[list[str], list[str], list[str]]:
    """O*NET codes from comma-separated lists: the well-formed ones (first occurrence, in
    order), the malformed tokens, and the codes given more than once.

    A six-digit SOC code (15-1252) stands for its base O*NET code (15-1252.00).
    """
    codes, malformed, repeated = [], [], []
    for value in values:
        for part in value.split(","):
            token = part.strip()
            if not token:
                continue
            code = f"{token}.00" if SOC_CODE_RE.match(token) else token
            if not ONET_CODE_RE.match(code):
                malformed.append(token)
            elif code in codes:
                if code not in repeated:
                    repeated.append(code)
            else:
                codes.append(code)
    return codes, malformed, repeated


def soc_of(onet_code: str) -> str:
    """The 6-digit SOC code an O*NET-SOC code falls under: 11-3051.04 -> 11-3051."""
    return onet_code[:7]


def major_group_of(code: str) -> str:
    return code[:2]
