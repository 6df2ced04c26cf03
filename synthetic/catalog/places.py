"""The season's dates and the places listings are posted in: real cities with ISO 3166-2 region codes, weights,
clusters, and what a place pays.
"""

from __future__ import annotations

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
    "US": "Remote in USA",
    "CA": "Remote in Canada",
    "GB": "Remote in UK",
    "IN": "Remote in India",
}
# Pay multiplier by country (US dollars, cost of labour), remote listings pay a bit less.
COUNTRY_PAY: dict[str, float] = {"US": 1.0, "CA": 0.72, "GB": 0.78, "IN": 0.22}
REMOTE_PAY = 0.85
# Bay Area / Seattle / NYC pay more than the US average.
CLUSTER_PAY: dict[str, float] = {"bay": 1.15, "seattle": 1.1, "nyc": 1.12, "boston": 1.05}
