"""Fixed catalogues behind the sample-data generator: places, company tiers, skills, titles, majors.

Everything here is plain data (small tuples and dicts); `generate.py` turns it into numpy tables.
All companies are fictional; all places are real, with ISO 3166-2 region codes.
"""
from __future__ import annotations

from data_loaders.schema import FIELDS

SEASON_START = "2026-06-01"
SEASON_END = "2026-11-27"  # last posting date
AS_OF = "2026-11-28"  # the snapshot date: no application after it

# (city, region, country, display, weight, cluster). Cluster names group cities for company homes.
CITIES: tuple[tuple[str, str, str, str, float, str], ...] = (
    ("San Francisco", "US-CA", "US", "San Francisco, CA", 9.0, "bay"),
    ("Mountain View", "US-CA", "US", "Mountain View, CA", 4.0, "bay"),
    ("San Jose", "US-CA", "US", "San Jose, CA", 3.5, "bay"),
    ("Sunnyvale", "US-CA", "US", "Sunnyvale, CA", 3.0, "bay"),
    ("Palo Alto", "US-CA", "US", "Palo Alto, CA", 2.5, "bay"),
    ("Seattle", "US-WA", "US", "Seattle, WA", 7.0, "seattle"),
    ("Redmond", "US-WA", "US", "Redmond, WA", 2.5, "seattle"),
    ("Bellevue", "US-WA", "US", "Bellevue, WA", 2.0, "seattle"),
    ("New York", "US-NY", "US", "New York, NY", 10.0, "nyc"),
    ("Jersey City", "US-NJ", "US", "Jersey City, NJ", 1.5, "nyc"),
    ("Boston", "US-MA", "US", "Boston, MA", 4.5, "boston"),
    ("Cambridge", "US-MA", "US", "Cambridge, MA", 2.5, "boston"),
    ("Austin", "US-TX", "US", "Austin, TX", 5.0, "texas"),
    ("Dallas", "US-TX", "US", "Dallas, TX", 3.0, "texas"),
    ("Houston", "US-TX", "US", "Houston, TX", 2.5, "texas"),
    ("Plano", "US-TX", "US", "Plano, TX", 1.5, "texas"),
    ("Chicago", "US-IL", "US", "Chicago, IL", 6.0, "chicago"),
    ("Los Angeles", "US-CA", "US", "Los Angeles, CA", 4.0, "socal"),
    ("Irvine", "US-CA", "US", "Irvine, CA", 1.5, "socal"),
    ("San Diego", "US-CA", "US", "San Diego, CA", 2.5, "socal"),
    ("Denver", "US-CO", "US", "Denver, CO", 2.5, "mountain"),
    ("Boulder", "US-CO", "US", "Boulder, CO", 1.0, "mountain"),
    ("Salt Lake City", "US-UT", "US", "Salt Lake City, UT", 1.5, "mountain"),
    ("Lehi", "US-UT", "US", "Lehi, UT", 1.5, "mountain"),
    ("Phoenix", "US-AZ", "US", "Phoenix, AZ", 2.0, "mountain"),
    ("Atlanta", "US-GA", "US", "Atlanta, GA", 3.5, "southeast"),
    ("Raleigh", "US-NC", "US", "Raleigh, NC", 2.0, "southeast"),
    ("Charlotte", "US-NC", "US", "Charlotte, NC", 2.0, "southeast"),
    ("Huntsville", "US-AL", "US", "Huntsville, AL", 1.0, "southeast"),
    ("Washington", "US-DC", "US", "Washington, DC", 4.0, "dc"),
    ("Arlington", "US-VA", "US", "Arlington, VA", 2.5, "dc"),
    ("McLean", "US-VA", "US", "McLean, VA", 2.5, "dc"),
    ("Reston", "US-VA", "US", "Reston, VA", 1.5, "dc"),
    ("Chantilly", "US-VA", "US", "Chantilly, VA", 1.0, "dc"),
    ("Columbia", "US-MD", "US", "Columbia, MD", 1.5, "dc"),
    ("Fort Meade", "US-MD", "US", "Fort Meade, MD", 1.0, "dc"),
    ("Bethesda", "US-MD", "US", "Bethesda, MD", 1.0, "dc"),
    ("Pittsburgh", "US-PA", "US", "Pittsburgh, PA", 2.0, "midwest"),
    ("Minneapolis", "US-MN", "US", "Minneapolis, MN", 2.0, "midwest"),
    ("Detroit", "US-MI", "US", "Detroit, MI", 1.5, "midwest"),
    ("Columbus", "US-OH", "US", "Columbus, OH", 1.5, "midwest"),
    ("Albuquerque", "US-NM", "US", "Albuquerque, NM", 0.8, "labs"),
    ("Livermore", "US-CA", "US", "Livermore, CA", 0.8, "labs"),
    ("Knoxville", "US-TN", "US", "Knoxville, TN", 0.8, "labs"),
    ("Toronto", "CA-ON", "CA", "Toronto, ON, Canada", 3.0, "canada"),
    ("Waterloo", "CA-ON", "CA", "Waterloo, ON, Canada", 1.2, "canada"),
    ("Vancouver", "CA-BC", "CA", "Vancouver, BC, Canada", 1.5, "canada"),
    ("Montreal", "CA-QC", "CA", "Montreal, QC, Canada", 1.2, "canada"),
    ("London", "GB-ENG", "GB", "London, UK", 3.0, "uk"),
    ("Cambridge", "GB-ENG", "GB", "Cambridge, UK", 0.8, "uk"),
    ("Edinburgh", "GB-SCT", "GB", "Edinburgh, UK", 0.7, "uk"),
    ("Bangalore", "IN-KA", "IN", "Bangalore, India", 2.0, "india"),
    ("Hyderabad", "IN-TG", "IN", "Hyderabad, India", 1.2, "india"),
    ("Pune", "IN-MH", "IN", "Pune, India", 0.8, "india"),
)

# Remote listings show one of these, by the country the company hires in.
REMOTE_DISPLAY: dict[str, str] = {
    "US": "Remote in USA", "CA": "Remote in Canada", "GB": "Remote in UK", "IN": "Remote in India",
}
# Pay multiplier by country (US dollars, cost of labour), remote listings pay a bit less.
COUNTRY_PAY: dict[str, float] = {"US": 1.0, "CA": 0.72, "GB": 0.78, "IN": 0.22}
REMOTE_PAY = 0.85
# Bay Area / Seattle / NYC pay more than the US average.
CLUSTER_PAY: dict[str, float] = {"bay": 1.15, "seattle": 1.1, "nyc": 1.12, "boston": 1.05}

F_SWE, F_DATA, F_AI, F_SEC, F_IT, F_HW, F_PD, F_QUANT, F_OTHER = FIELDS
# Base hourly pay (USD) by field for a mid-tier US employer.
FIELD_PAY: dict[str, float] = {
    F_SWE: 40.0, F_DATA: 33.0, F_AI: 44.0, F_SEC: 32.0, F_IT: 25.0,
    F_HW: 34.0, F_PD: 31.0, F_QUANT: 58.0, F_OTHER: 24.0,
}


def _fw(**weights: float) -> dict[str, float]:
    """Field weights keyed by short names, expanded to the canonical field names."""
    short = {"swe": F_SWE, "data": F_DATA, "ai": F_AI, "sec": F_SEC, "it": F_IT,
             "hw": F_HW, "pd": F_PD, "quant": F_QUANT, "other": F_OTHER}
    return {short[key]: value for key, value in weights.items()}


# Tier: share of companies' listings, field mix, pay multiplier, selectivity (a logit shift:
# lower = harder to get an offer), sponsorship probabilities (offers, none, citizens_only, unknown),
# unpaid share, undisclosed-pay share, home clusters, and work-mode shares (onsite, hybrid, remote, unknown).
TIERS: dict[str, dict] = {
    "big_tech": dict(
        names=("Nimbus", "Quillon", "Vantora", "Orbitly", "Heliograph", "Corvex", "Lumina Works", "Tessellate",
               "Brightloom", "Arcwell", "Stratosync", "Pinecrest Digital"),
        suffix=("", " Technologies", "", " Systems"), listing_weight=3.0,
        fields=_fw(swe=50, data=10, ai=16, sec=5, it=4, hw=6, pd=8, other=1), pay=1.35, selectivity=-1.2,
        sponsorship=(0.6, 0.05, 0.0, 0.35), unpaid=0.0, undisclosed=0.10,
        clusters=("bay", "seattle", "nyc", "boston", "texas", "socal", "canada", "uk", "india"),
        work_modes=(0.55, 0.33, 0.04, 0.08)),
    "quant": dict(
        names=("Kestrel", "Obsidian Lane", "Halvard", "Merrow", "Tallis Point", "Greyfin", "Ardent Ridge",
               "Copperline", "Sable Harbor", "Winterbourne"),
        suffix=(" Capital", " Trading", " Securities", " Group"), listing_weight=1.2,
        fields=_fw(quant=62, swe=24, data=6, ai=5, it=2, hw=1), pay=1.6, selectivity=-1.5,
        sponsorship=(0.55, 0.05, 0.0, 0.40), unpaid=0.0, undisclosed=0.15,
        clusters=("nyc", "chicago", "uk", "texas"), work_modes=(0.85, 0.08, 0.0, 0.07)),
    "bank": dict(
        names=("Granite Trust", "Meridian Federal", "Harborview", "Keystone Mutual", "Northgate", "Fairhaven",
               "Lakeshore National", "Bellmont", "Crestmark", "Union Prairie", "Silverbirch", "Old Cedar"),
        suffix=(" Bank", " Financial", " Bancorp", " Financial Group"), listing_weight=2.0,
        fields=_fw(swe=34, data=24, ai=6, sec=10, it=12, quant=8, pd=2, other=4), pay=0.95, selectivity=-0.3,
        sponsorship=(0.25, 0.35, 0.0, 0.40), unpaid=0.0, undisclosed=0.35,
        clusters=("nyc", "chicago", "southeast", "texas", "midwest", "canada", "uk", "india"),
        work_modes=(0.45, 0.42, 0.03, 0.10)),
    "startup": dict(
        names=("Fernweh", "Tidepool", "Loomstack", "Quokka", "Driftwood", "Pebblewise", "Sprocketry", "Mossbyte",
               "Yarrow", "Glimmer", "Cobaltic", "Wrenly", "Parcelnest", "Inkwell", "Tinderbox", "Lattice Grove",
               "Bramble", "Skiff", "Murmur", "Honeycomb Metrics", "Saltmarsh", "Kiteframe", "Cinderpath",
               "Plover", "Thistle", "Gantry", "Nettle", "Juniper Loop", "Fathom", "Larkspur", "Oxbow",
               "Petrichor", "Quarry", "Ripplet", "Sundial", "Umbra", "Verdant", "Whistler", "Zephyrine",
               "Ampersand", "Beacon Hollow", "Clover Signal", "Dapple", "Emberly", "Foxglove", "Nightjar", "Orrery",
               "Pennant", "Rookwood", "Seabright", "Trellis Point", "Undertow", "Vellum", "Wayfinder", "Alcove"),
        suffix=("", " AI", " Labs", ".io", " Health", " Robotics", " Analytics"), listing_weight=2.6,
        fields=_fw(swe=40, data=12, ai=22, sec=4, it=3, hw=5, pd=12, other=2), pay=0.9, selectivity=0.5,
        sponsorship=(0.15, 0.40, 0.0, 0.45), unpaid=0.07, undisclosed=0.30,
        clusters=("bay", "nyc", "boston", "canada", "texas", "mountain", "seattle", "socal", "uk", "india"),
        work_modes=(0.35, 0.30, 0.25, 0.10)),
    "defense": dict(
        names=("Ironclad", "Bastion", "Palisade", "Aegisfield", "Trident Ridge", "Sentinel Peak", "Ramparts",
               "Halberd", "Citadel Crest", "Vanguard Hollow", "Stonewall"),
        suffix=(" Defense Systems", " Dynamics", " Aerospace", " Mission Systems"), listing_weight=1.6,
        fields=_fw(swe=30, sec=30, hw=22, it=10, data=5, ai=3), pay=0.92, selectivity=-0.2,
        sponsorship=(0.0, 0.05, 0.88, 0.07), unpaid=0.0, undisclosed=0.35,
        clusters=("dc", "southeast", "socal", "texas", "mountain"), work_modes=(0.80, 0.12, 0.01, 0.07)),
    "government_lab": dict(
        names=("Clearwater", "Mesa Verde", "Blue Ridge", "Prairie Falls", "Redstone Basin", "Cascade Range",
               "Great Lakes", "Sandhill"),
        suffix=(" National Laboratory", " Research Laboratory"), listing_weight=0.8,
        fields=_fw(swe=22, data=18, ai=12, sec=16, hw=18, it=6, other=8), pay=0.78, selectivity=-0.1,
        sponsorship=(0.05, 0.05, 0.75, 0.15), unpaid=0.04, undisclosed=0.25,
        clusters=("labs", "dc"), work_modes=(0.75, 0.15, 0.02, 0.08)),
    "consultancy": dict(
        names=("Ashbury", "Whitfield", "Calloway", "Pemberton", "Thornbury", "Hollis & Vane", "Marlowe",
               "Everleigh", "Brookstone", "Kingsley Rowe", "Larchmont", "Ravensworth"),
        suffix=(" Consulting", " Partners", " Advisory"), listing_weight=1.6,
        fields=_fw(data=30, swe=20, sec=16, it=14, ai=8, pd=6, other=6), pay=0.8, selectivity=0.0,
        sponsorship=(0.2, 0.35, 0.05, 0.40), unpaid=0.02, undisclosed=0.40,
        clusters=("nyc", "dc", "chicago", "southeast", "boston", "texas", "canada", "uk", "india"),
        work_modes=(0.35, 0.45, 0.08, 0.12)),
    "enterprise": dict(
        names=("Norland", "Bluefield", "Westbrook Industrial", "Alder", "Evercore Retail", "Redwater Energy",
               "Sunmark", "Holloway Motors", "Prairie Health", "Tallgrass Insurance", "Coastal Freight",
               "Midland Logistics", "Summit Medical Devices", "Irongate Manufacturing", "Greenleaf Foods",
               "Cedar Point Telecom", "Riverbend Utilities", "Highline Airlines", "Granary Mills",
               "Blue Heron Pharma", "Lakeland Chemicals", "Ridgeway Retail", "Copper Canyon Mining", "Palmetto Power"),
        suffix=("", " Corporation", " Inc.", " Group"), listing_weight=2.2,
        fields=_fw(swe=28, data=20, ai=5, sec=8, it=22, hw=9, pd=4, other=4), pay=0.85, selectivity=0.35,
        sponsorship=(0.15, 0.45, 0.0, 0.40), unpaid=0.01, undisclosed=0.40,
        clusters=("midwest", "texas", "southeast", "chicago", "mountain", "dc", "boston", "canada"),
        work_modes=(0.50, 0.35, 0.05, 0.10)),
}

# Every skill the generator may emit; canonical names from the shared taxonomy.
SKILLS: tuple[str, ...] = (
    "Python", "SQL", "JavaScript", "TypeScript", "React", "Node.js", "Java", "C++", "C", "C#", "Go", "Rust",
    "AWS", "Azure", "GCP", "Docker", "Kubernetes", "Git", "Linux", "PyTorch", "TensorFlow",
    "scikit-learn", "Pandas", "NumPy", "Tableau", "Power BI", "Excel", "R", "Apache Spark", "Machine Learning",
    "Deep Learning", "Statistics", "PostgreSQL", "MySQL", "MongoDB", "Verilog", "VHDL", "MATLAB", "Figma",
    "Networking", "SIEM", "Wireshark", "Penetration Testing", "Communication", "Teamwork", "HTML", "CSS",
    "Bash", "Natural Language Processing", "Computer Vision", "Kotlin", "Swift", "Jira", "Probability",
)

# Skill profiles per field: (weight, {skill: probability}). A listing takes one profile and draws
# each skill with its probability; the core skills of a profile co-occur as they do in real postings.
PROFILES: dict[str, tuple[tuple[float, dict[str, float]], ...]] = {
    F_SWE: (
        (3.0, {"Java": 0.8, "Python": 0.45, "SQL": 0.5, "Git": 0.6, "AWS": 0.4, "Docker": 0.3, "Linux": 0.25,
               "Kubernetes": 0.15, "PostgreSQL": 0.2, "Go": 0.1}),
        (3.0, {"JavaScript": 0.85, "TypeScript": 0.6, "React": 0.8, "Node.js": 0.55, "HTML": 0.5, "CSS": 0.5,
               "Git": 0.55, "SQL": 0.3, "MongoDB": 0.2, "Figma": 0.1}),
        (2.5, {"Python": 0.9, "SQL": 0.55, "Git": 0.55, "AWS": 0.45, "Docker": 0.35, "Linux": 0.3,
               "PostgreSQL": 0.25, "Kubernetes": 0.15, "Go": 0.15, "JavaScript": 0.25}),
        (1.0, {"C++": 0.85, "C": 0.5, "Linux": 0.6, "Python": 0.5, "Git": 0.5, "Rust": 0.2, "Go": 0.2}),
        (1.0, {"Kotlin": 0.6, "Swift": 0.6, "Java": 0.5, "Git": 0.5, "JavaScript": 0.3, "React": 0.3}),
        (1.0, {"C#": 0.85, "Azure": 0.6, "SQL": 0.6, "JavaScript": 0.4, "Git": 0.5, "Jira": 0.2}),
    ),
    F_DATA: (
        (3.0, {"Python": 0.85, "SQL": 0.95, "Pandas": 0.55, "Tableau": 0.55, "Excel": 0.5, "Statistics": 0.45,
               "Power BI": 0.2, "R": 0.25, "NumPy": 0.2}),
        (2.0, {"SQL": 0.9, "Excel": 0.8, "Power BI": 0.6, "Tableau": 0.4, "Python": 0.4, "Communication": 0.35}),
        (1.5, {"Python": 0.9, "SQL": 0.8, "Apache Spark": 0.6, "AWS": 0.45, "Pandas": 0.4, "PostgreSQL": 0.3,
               "Docker": 0.2, "Git": 0.3}),
        (1.0, {"R": 0.8, "Statistics": 0.8, "Python": 0.6, "SQL": 0.6, "Machine Learning": 0.35, "Excel": 0.3}),
    ),
    F_AI: (
        (3.0, {"Python": 0.97, "PyTorch": 0.75, "TensorFlow": 0.5, "Machine Learning": 0.85,
               "Deep Learning": 0.6, "NumPy": 0.4, "Pandas": 0.3, "scikit-learn": 0.35, "Git": 0.25}),
        (1.5, {"Python": 0.95, "Natural Language Processing": 0.7, "PyTorch": 0.7, "Deep Learning": 0.55,
               "Machine Learning": 0.6, "Docker": 0.2, "AWS": 0.2}),
        (1.0, {"Python": 0.9, "Computer Vision": 0.75, "PyTorch": 0.6, "C++": 0.45, "Deep Learning": 0.55,
               "TensorFlow": 0.35, "Linux": 0.3}),
        (1.5, {"Python": 0.95, "scikit-learn": 0.6, "Machine Learning": 0.8, "SQL": 0.5, "Statistics": 0.5,
               "Pandas": 0.5, "Apache Spark": 0.2, "AWS": 0.25}),
    ),
    F_SEC: (
        (3.0, {"Linux": 0.75, "Networking": 0.75, "Python": 0.55, "SIEM": 0.6, "Wireshark": 0.4,
               "Communication": 0.3, "Bash": 0.25}),
        (1.5, {"Penetration Testing": 0.8, "Linux": 0.7, "Python": 0.6, "Networking": 0.55, "Bash": 0.4,
               "Wireshark": 0.4, "C": 0.2}),
        (1.0, {"AWS": 0.55, "Azure": 0.5, "Python": 0.5, "Linux": 0.5, "Networking": 0.4, "Kubernetes": 0.2,
               "Docker": 0.25}),
    ),
    F_IT: (
        (3.0, {"Networking": 0.6, "Linux": 0.5, "Excel": 0.4, "Communication": 0.5, "Azure": 0.35,
               "Teamwork": 0.35, "Jira": 0.3, "Bash": 0.2}),
        (1.5, {"AWS": 0.6, "Azure": 0.5, "Linux": 0.6, "Docker": 0.45, "Kubernetes": 0.35, "Python": 0.45,
               "Bash": 0.4, "Git": 0.35}),
        (1.0, {"SQL": 0.7, "Excel": 0.6, "Power BI": 0.3, "Communication": 0.45, "Python": 0.3}),
    ),
    F_HW: (
        (2.0, {"C": 0.85, "C++": 0.7, "Verilog": 0.55, "MATLAB": 0.5, "Python": 0.4, "Linux": 0.3,
               "VHDL": 0.3}),
        (1.5, {"C": 0.9, "C++": 0.6, "Linux": 0.5, "Python": 0.45, "Git": 0.35, "MATLAB": 0.25}),
        (1.0, {"Verilog": 0.85, "VHDL": 0.55, "Python": 0.4, "C": 0.4, "MATLAB": 0.3, "Linux": 0.3}),
    ),
    F_PD: (
        (2.0, {"Figma": 0.9, "Communication": 0.55, "Teamwork": 0.35, "HTML": 0.3, "CSS": 0.3,
               "JavaScript": 0.2}),
        (2.0, {"Communication": 0.7, "SQL": 0.5, "Excel": 0.55, "Jira": 0.45, "Figma": 0.35, "Teamwork": 0.4,
               "Tableau": 0.2, "Python": 0.15}),
    ),
    F_QUANT: (
        (2.0, {"Python": 0.9, "C++": 0.75, "Statistics": 0.7, "Probability": 0.55, "Linux": 0.3, "NumPy": 0.3,
               "Pandas": 0.3, "Machine Learning": 0.2}),
        (1.0, {"C++": 0.9, "Linux": 0.6, "Python": 0.6, "Networking": 0.2, "C": 0.3, "Git": 0.3}),
        (1.0, {"Python": 0.85, "Statistics": 0.8, "R": 0.35, "Probability": 0.6, "Excel": 0.35, "SQL": 0.3,
               "Machine Learning": 0.3}),
    ),
    F_OTHER: (
        (1.0, {"Excel": 0.7, "Communication": 0.65, "Teamwork": 0.5, "SQL": 0.3, "Python": 0.3,
               "Power BI": 0.2, "Jira": 0.2}),
    ),
}
SOFT_SKILL_RATE = 0.2
# Tiers tilt the skill mix: added to a profile's probabilities (then capped).
TIER_SKILL_BOOST: dict[str, dict[str, float]] = {
    "big_tech": {"Go": 0.1, "Kubernetes": 0.1, "GCP": 0.1, "Rust": 0.05},
    "quant": {"C++": 0.3, "Python": 0.15, "Statistics": 0.1, "Linux": 0.15},
    "bank": {"Java": 0.2, "SQL": 0.15, "Excel": 0.15},
    "startup": {"TypeScript": 0.1, "React": 0.1, "AWS": 0.1, "Docker": 0.1, "GCP": 0.05},
    "defense": {"C++": 0.2, "Linux": 0.2, "C": 0.15, "MATLAB": 0.1},
    "government_lab": {"Python": 0.1, "C": 0.1, "Linux": 0.15, "MATLAB": 0.15},
    "consultancy": {"Excel": 0.15, "Power BI": 0.15, "Communication": 0.2, "Azure": 0.1},
    "enterprise": {"SQL": 0.1, "Excel": 0.1, "Azure": 0.1, "C#": 0.1},
}
# Applications per listing lean towards famous employers.
TIER_POPULARITY: dict[str, float] = {
    "big_tech": 2.0, "quant": 1.6, "bank": 1.2, "startup": 0.7, "defense": 0.8, "government_lab": 0.9,
    "consultancy": 1.0, "enterprise": 0.8,
}
# Chance an offer is accepted rather than declined.
TIER_ACCEPT: dict[str, float] = {
    "big_tech": 0.7, "quant": 0.72, "bank": 0.55, "startup": 0.45, "defense": 0.55, "government_lab": 0.55,
    "consultancy": 0.5, "enterprise": 0.5,
}  # chance a listing also names Communication / Teamwork

# Title stems per field, with weights.
TITLES: dict[str, tuple[tuple[str, float], ...]] = {
    F_SWE: (("Software Engineering Intern", 5), ("Software Engineer Intern", 4), ("Backend Engineer Intern", 1.5),
            ("Frontend Engineer Intern", 1.2), ("Full Stack Developer Intern", 1.2),
            ("Mobile Engineer Intern", 0.6), ("Software Developer Co-op", 0.8), ("Platform Engineer Intern", 0.5)),
    F_DATA: (("Data Analyst Intern", 4), ("Data Science Intern", 3), ("Data Engineer Intern", 2),
             ("Business Intelligence Intern", 1.2), ("Analytics Engineer Intern", 0.8)),
    F_AI: (("Machine Learning Engineer Intern", 4), ("AI Research Intern", 1.5), ("Applied Scientist Intern", 1.5),
           ("Machine Learning Intern", 2), ("AI Engineer Intern", 1.5), ("Computer Vision Intern", 0.6)),
    F_SEC: (("Cybersecurity Intern", 4), ("Security Operations Intern", 2), ("Security Engineer Intern", 2),
            ("Information Security Analyst Intern", 1.5), ("Penetration Testing Intern", 0.6)),
    F_IT: (("IT Support Intern", 3), ("Cloud Engineer Intern", 2), ("DevOps Engineer Intern", 1.5),
           ("Network Engineer Intern", 1.2), ("Site Reliability Engineer Intern", 0.8)),
    F_HW: (("Hardware Engineering Intern", 3), ("Embedded Software Engineer Intern", 3),
           ("FPGA Engineer Intern", 1.2), ("ASIC Design Intern", 1), ("Firmware Engineer Intern", 1.5)),
    F_PD: (("Product Management Intern", 3), ("UX Design Intern", 2), ("Product Designer Intern", 1.5),
           ("Technical Program Manager Intern", 1)),
    F_QUANT: (("Quantitative Trader Intern", 2.5), ("Quantitative Research Intern", 2.5),
              ("Quantitative Developer Intern", 2), ("Software Engineer Intern - Trading Systems", 1)),
    F_OTHER: (("Technology Intern", 2), ("Business Technology Analyst Intern", 1.5),
              ("Technical Writer Intern", 0.7), ("Solutions Engineer Intern", 1)),
}

# Terms: (terms list, weight). Fall 2026 only while early in the season (see generate.py).
TERM_CHOICES: tuple[tuple[tuple[str, ...], float], ...] = (
    (("Summer 2027",), 0.74), (("Fall 2026",), 0.08), (("Spring 2027",), 0.08), (("Winter 2027",), 0.04),
    (("Spring 2027", "Summer 2027"), 0.03), (("Summer 2027", "Fall 2027"), 0.03),
)

# Majors: (name, weight, field preferences, skill probabilities).
MAJORS: tuple[tuple[str, float, dict[str, float], dict[str, float]], ...] = (
    ("Computer Science", 38, _fw(swe=55, ai=15, data=8, sec=6, it=4, hw=2, pd=4, quant=5, other=1),
     {"Python": 0.9, "Java": 0.65, "C++": 0.5, "JavaScript": 0.55, "SQL": 0.55, "Git": 0.7, "React": 0.35,
      "TypeScript": 0.25, "Node.js": 0.25, "Linux": 0.4, "AWS": 0.25, "Docker": 0.25, "C": 0.35,
      "Machine Learning": 0.25, "PyTorch": 0.12, "HTML": 0.35, "CSS": 0.3, "Go": 0.08, "Rust": 0.06}),
    ("Data Science", 12, _fw(data=50, ai=25, swe=12, quant=6, other=4, pd=3),
     {"Python": 0.95, "SQL": 0.85, "Pandas": 0.75, "NumPy": 0.6, "R": 0.45, "Statistics": 0.7, "Tableau": 0.4,
      "scikit-learn": 0.5, "Machine Learning": 0.55, "Excel": 0.5, "Git": 0.4, "Power BI": 0.2, "Apache Spark": 0.15,
      "PyTorch": 0.15}),
    ("Computer Engineering", 9, _fw(hw=40, swe=35, ai=8, sec=7, it=6, quant=4),
     {"C": 0.85, "C++": 0.75, "Python": 0.75, "Verilog": 0.5, "VHDL": 0.3, "MATLAB": 0.55, "Linux": 0.55,
      "Git": 0.5, "Java": 0.3, "Networking": 0.2}),
    ("Electrical Engineering", 6, _fw(hw=60, swe=15, ai=8, it=7, other=10),
     {"C": 0.7, "MATLAB": 0.8, "Verilog": 0.45, "VHDL": 0.35, "Python": 0.55, "C++": 0.35, "Linux": 0.25,
      "Excel": 0.4}),
    ("Mathematics", 6, _fw(quant=35, data=30, swe=20, ai=10, other=5),
     {"Python": 0.8, "Statistics": 0.7, "Probability": 0.6, "R": 0.4, "MATLAB": 0.35, "SQL": 0.35,
      "C++": 0.25, "Excel": 0.5, "NumPy": 0.3}),
    ("Statistics", 5, _fw(data=50, quant=20, ai=20, other=10),
     {"R": 0.85, "Python": 0.75, "Statistics": 0.95, "SQL": 0.6, "Probability": 0.5, "Excel": 0.5,
      "Tableau": 0.3, "Machine Learning": 0.35, "Pandas": 0.4}),
    ("Information Systems", 8, _fw(it=30, data=25, sec=20, swe=15, pd=10),
     {"SQL": 0.75, "Excel": 0.8, "Python": 0.5, "Networking": 0.4, "Power BI": 0.35, "Tableau": 0.3,
      "Java": 0.3, "Azure": 0.25, "Communication": 0.6, "Teamwork": 0.5, "Jira": 0.3, "Linux": 0.25}),
    ("Cybersecurity", 5, _fw(sec=70, it=20, swe=10),
     {"Linux": 0.85, "Networking": 0.8, "Python": 0.7, "Wireshark": 0.55, "SIEM": 0.45, "Bash": 0.5,
      "Penetration Testing": 0.45, "C": 0.25, "AWS": 0.2, "Communication": 0.3}),
    ("Business Analytics", 6, _fw(data=55, pd=20, other=15, quant=5, it=5),
     {"Excel": 0.9, "SQL": 0.75, "Tableau": 0.55, "Power BI": 0.5, "Python": 0.5, "Statistics": 0.45,
      "R": 0.25, "Communication": 0.65, "Teamwork": 0.5}),
    ("Physics", 3, _fw(quant=30, ai=20, hw=20, data=20, swe=10),
     {"Python": 0.85, "MATLAB": 0.6, "C++": 0.4, "NumPy": 0.55, "Statistics": 0.5, "Linux": 0.35,
      "Machine Learning": 0.25, "Probability": 0.3}),
    ("Design", 2, _fw(pd=80, swe=15, other=5),
     {"Figma": 0.9, "HTML": 0.5, "CSS": 0.5, "JavaScript": 0.3, "Communication": 0.7, "Teamwork": 0.5}),
)
CLASS_YEARS: tuple[tuple[int, float], ...] = ((2027, 0.42), (2028, 0.36), (2029, 0.22))
