"""Region and country tables: ISO 3166-2 subdivision codes and ISO 3166-1 alpha-2 countries.

Our own list: US states + DC, Canadian provinces and territories, UK nations, Indian states and
union territories. Codes follow ISO 3166-2 (`US-CA`, `CA-ON`, `GB-ENG`, `IN-KA`).
"""
from __future__ import annotations

_US = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "PR": "Puerto Rico",
}
_CA = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
_GB = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
_IN = {
    "AP": "Andhra Pradesh", "AR": "Arunachal Pradesh", "AS": "Assam", "BR": "Bihar",
    "CT": "Chhattisgarh", "GA": "Goa", "GJ": "Gujarat", "HR": "Haryana", "HP": "Himachal Pradesh",
    "JH": "Jharkhand", "KA": "Karnataka", "KL": "Kerala", "MP": "Madhya Pradesh",
    "MH": "Maharashtra", "MN": "Manipur", "ML": "Meghalaya", "MZ": "Mizoram", "NL": "Nagaland",
    "OR": "Odisha", "PB": "Punjab", "RJ": "Rajasthan", "SK": "Sikkim", "TN": "Tamil Nadu",
    "TG": "Telangana", "TR": "Tripura", "UP": "Uttar Pradesh", "UT": "Uttarakhand",
    "WB": "West Bengal", "DL": "Delhi", "CH": "Chandigarh", "JK": "Jammu and Kashmir",
    "LA": "Ladakh", "PY": "Puducherry", "AN": "Andaman and Nicobar Islands",
    "DH": "Dadra and Nagar Haveli and Daman and Diu", "LD": "Lakshadweep",
}

REGION_NAMES: dict[str, str] = {
    **{f"US-{code}": name for code, name in _US.items()},
    **{f"CA-{code}": name for code, name in _CA.items()},
    **{f"GB-{code}": name for code, name in _GB.items()},
    **{f"IN-{code}": name for code, name in _IN.items()},
}

COUNTRY_NAMES: dict[str, str] = {
    "US": "United States", "CA": "Canada", "GB": "United Kingdom", "IN": "India",
    "IE": "Ireland", "DE": "Germany", "FR": "France", "NL": "Netherlands", "ES": "Spain",
    "IT": "Italy", "CH": "Switzerland", "SE": "Sweden", "DK": "Denmark", "NO": "Norway",
    "FI": "Finland", "PL": "Poland", "PT": "Portugal", "BE": "Belgium", "AT": "Austria",
    "CZ": "Czechia", "RO": "Romania", "GR": "Greece", "IL": "Israel", "AE": "United Arab Emirates",
    "SG": "Singapore", "JP": "Japan", "KR": "South Korea", "CN": "China", "HK": "Hong Kong",
    "TW": "Taiwan", "AU": "Australia", "NZ": "New Zealand", "MX": "Mexico", "BR": "Brazil",
    "AR": "Argentina", "CO": "Colombia", "CL": "Chile", "PH": "Philippines", "MY": "Malaysia",
    "ID": "Indonesia", "VN": "Vietnam", "TH": "Thailand", "ZA": "South Africa", "NG": "Nigeria",
    "EG": "Egypt", "KE": "Kenya", "PK": "Pakistan", "BD": "Bangladesh", "LU": "Luxembourg",
    "EE": "Estonia", "HU": "Hungary", "UA": "Ukraine", "TR": "Turkey", "SA": "Saudi Arabia",
}

# Ways people write a country; keys are casefolded with dots removed.
COUNTRY_ALIASES: dict[str, str] = {
    **{name.casefold(): code for code, name in COUNTRY_NAMES.items()},
    "us": "US", "usa": "US", "u s": "US", "u s a": "US", "united states of america": "US",
    "america": "US", "the united states": "US", "united kingdom": "GB", "uk": "GB",
    "great britain": "GB", "britain": "GB", "gb": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "can": "CA", "canada": "CA", "ind": "IN",
    "czech republic": "CZ", "uae": "AE", "south korea": "KR", "korea": "KR", "deutschland": "DE",
}

# Subdivision names and (for US/CA, whose two-letter codes people write) codes → ISO code.
REGION_ALIASES: dict[str, str] = {
    **{name.casefold(): code for code, name in REGION_NAMES.items()},
    "washington dc": "US-DC", "washington d c": "US-DC", "d c": "US-DC", "quebec": "CA-QC",
    "newfoundland": "CA-NL", "orissa": "IN-OR", "new delhi": "IN-DL", "nct of delhi": "IN-DL",
}
# Bare two-letter codes are US or Canadian only: Indian codes (KA, MH) are not written bare.
REGION_CODES: dict[str, str] = {
    **{code: f"US-{code}" for code in _US},
    **{code: f"CA-{code}" for code in _CA},
}


def region_country(region: str) -> str:
    """The ISO alpha-2 country of an ISO 3166-2 region code."""
    return region.split("-", 1)[0]
