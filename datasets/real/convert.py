#!/usr/bin/env python3
"""Turn the raw public files of datasets/real/raw/ into a `coalition import` directory.

usage: convert.py [RAW_DIR [OUT_DIR]]      (default: raw/ and . next to this script)

Python 3 standard library only.  The output is deterministic (same input, same bytes), so the
converted files shipped next to this script can be checked against a fresh conversion.

What it writes (README.md explains every rule and why):
- orgs.csv     AFSCME's international union, every row of its directory (councils once per office,
               multi-state councils under each state page they are listed on: the mess is kept for
               duplicate detection to find), and the IRS 990 filers and grantees.
- ties.csv     one `funding` tie per sponsor -> grantee and tax year (identical grant rows summed).
- events.csv   the 2017 Women's March events with turnout low/high, city, state, country, lat/lon.
- sources.csv  the four public files, and every distinct source cited by a march row.

Places are written as the raw files write them: states as names ("District Of Columbia") or codes
("GA"), Puerto Rico and the territories, Canadian provinces.  Only values that are neither are
changed, each by a rule below that keeps the raw value in a `state_as_listed` column.
Columns the importer does not name (website, section, ...) are written as extra columns: the
importer keeps them as attributes.
"""
import csv
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

AFSCME = 'afscme_directory_councils_locals.csv'
WOMENS_MARCH = 'womens_march_2017_crowd_estimates.csv'
GRANTEES = 'irs990_schedule_i_sample_grantees.csv'
SPONSORS = 'irs990_sample_sponsors.csv'

ORG_COLUMNS = ['key', 'name', 'kind', 'parent', 'country', 'state', 'city', 'lat', 'lon',
               'level', 'section', 'listed_state', 'website', 'source_url', 'zip',
               'ein', 'irc_section']
TIE_COLUMNS = ['source', 'target', 'kind', 'sign', 'weight', 'start', 'end', 'directed',
               'sources', 'cash_grant', 'grant_rows', 'purpose']
EVENT_COLUMNS = ['key', 'name', 'kind', 'date', 'campaign', 'country', 'state', 'city',
                 'lat', 'lon', 'turnout_low', 'turnout_high', 'sources', 'full_place',
                 'state_as_listed']
SOURCE_COLUMNS = ['key', 'citation', 'url', 'published']

# The files themselves, as sources (SOURCES.md of the raw data).
FILE_SOURCES = [
    ('afscme-directory',
     "AFSCME, local and council directory pages by state, as scraped in "
     "JacobWebsite/TheOrganizer-Labor-Research-Platform, 'afscme scrape/afscme_national_directory.csv' "
     "at commit b891fe77841e19b1e4848a35aa0192cc774d34b2 (officer names, phones, e-mails dropped)",
     'https://www.afscme.org/local', ''),
    ('irs990-schedule-i',
     "IRS Form 990 e-file, Schedule I grant rows and their filers: leppekja/IRS-990-DAFs, "
     "Sample_Data/Sample_Grantee_Data.csv and Sample_Sponsors_Data.csv at commit "
     "f64e832db467a1d2031fd69d29c0655e7a2ad994 (MIT; IRS public records)",
     'https://github.com/leppekja/IRS-990-DAFs', '2017'),
    ('pressman-chenoweth-2017',
     "Jeremy Pressman and Erica Chenoweth, crowd estimates of the 2017 Women's March "
     "(public spreadsheet, 2017)", '', '2017'),
    ('womensmarches-geocoding',
     "zischwartz/womensmarches, data/marches.json at commit "
     "5af7aede54ec7a9132d6836d7bdf010235942037: geocoded places of the march estimates",
     'https://github.com/zischwartz/womensmarches', ''),
]

# Country names of the march file -> ISO 3166-1 alpha-2.  Kosovo has no ISO code: XK is the
# user-assigned code the European Commission and others use.
COUNTRIES = {
    'Antarctica': 'AQ', 'Argentina': 'AR', 'Aruba': 'AW', 'Australia': 'AU', 'Austria': 'AT',
    'Bahamas': 'BS', 'Bahrain': 'BH', 'Belgium': 'BE', 'Bermuda': 'BM', 'Botswana': 'BW',
    'Brazil': 'BR', 'Bulgaria': 'BG', 'Cambodia': 'KH', 'Canada': 'CA',
    'Caribbean Netherlands': 'BQ', 'Cayman Islands': 'KY', 'Chile': 'CL', 'China': 'CN',
    'Colombia': 'CO', 'Costa Rica': 'CR', 'Czech': 'CZ', 'DRC': 'CD', 'Denmark': 'DK',
    'Ecuador': 'EC', 'Egypt': 'EG', 'Fiji': 'FJ', 'Finland': 'FI', 'France': 'FR',
    'Georgia': 'GE', 'Germany': 'DE', 'Ghana': 'GH', 'Greece': 'GR', 'Guatemala': 'GT',
    'Guyana': 'GY', 'Hungary': 'HU', 'Iceland': 'IS', 'India': 'IN', 'Indonesia': 'ID',
    'Iraq': 'IQ', 'Ireland': 'IE', 'Israel': 'IL', 'Italy': 'IT', 'Japan': 'JP', 'Kenya': 'KE',
    'Kosovo': 'XK', 'Laos': 'LA', 'Latvia': 'LV', 'Lebanon': 'LB', 'Liberia': 'LR',
    'Lithuania': 'LT', 'Macau': 'MO', 'Malawi': 'MW', 'Mexico': 'MX', 'Micronesia': 'FM',
    'Morocco': 'MA', 'Myanmar (Burma)': 'MM', 'Namibia': 'NA', 'Netherlands': 'NL',
    'New Zealand': 'NZ', 'Nicaragua': 'NI', 'Nigeria': 'NG', 'Norway': 'NO', 'Paraguay': 'PY',
    'Peru': 'PE', 'Poland': 'PL', 'Portugal': 'PT', 'Qatar': 'QA', 'Romania': 'RO',
    'Russia': 'RU', 'Rwanda': 'RW', 'Saudi Arabia': 'SA', 'Serbia': 'RS', 'Singapore': 'SG',
    'Slovenia': 'SI', 'South Africa': 'ZA', 'South Korea': 'KR', 'Spain': 'ES',
    'St. Kitts & Nevis': 'KN', 'Sweden': 'SE', 'Switzerland': 'CH', 'Tanzania': 'TZ',
    'Thailand': 'TH', 'Timor-Leste': 'TL', 'UK': 'GB', 'US': 'US', 'Uganda': 'UG',
    'United Kingdom': 'GB', 'Vietnam': 'VN', 'Zambia': 'ZM', 'Zimbabwe': 'ZW',
}

# The march file's state cells that are neither a state's code nor its name (3 of 624 US rows).
# Each is read from the row's place and full_place; the raw cell is kept in state_as_listed.
STATE_FIXES = {
    'GM': ('US', 'Guam'),   # "Hagatna, Guam": Guam's postal code is GU
    '--': ('UM', ''),       # "Midway Atoll": a US Minor Outlying Island (ISO UM), no state
    'CA/NV': ('US', 'CA'),  # "South Lake Tahoe, CA / Stateline, NV": the first place named
}

# Canadian rows of the march file have no state cell: the province is the part of the place
# after the city, when it names one ("Bowen Island, BC", "Montebello, Quebec").  Written as the
# place writes it, except abbreviations that are not postal codes.
PROVINCE_SPELLINGS = {
    'BC': 'BC', 'AB': 'AB', 'ON': 'ON', 'QC': 'QC', 'NS': 'NS', 'NB': 'NB',
    'Ontario': 'Ontario', 'Quebec': 'Quebec', 'Yukon': 'Yukon',
    'PEI': 'PE', 'NWT': 'NT', 'Newfoundland': 'NL', 'Labrador': 'NL',
}


def slug(text):
    """Lowercase ASCII words joined by '-': keys readable in a shell."""
    text = unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', text.lower()).strip('-')


def unique_key(base, used):
    key, n = base, 2
    while key in used:
        key = '%s-%d' % (base, n)
        n += 1
    used.add(key)
    return key


def read(raw, name):
    with open(os.path.join(raw, name), newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def number(text):
    """'200.0' -> '200'; integers stay integers, anything else as written."""
    try:
        value = float(text)
    except ValueError:
        return text
    return str(int(value)) if value == int(value) else text


# ---------------------------------------------------------------- AFSCME

COUNCIL = re.compile(r'\b(?:District )?Council (\d+)\b')
LOCAL = re.compile(r'\bLocal (\d+)\b')
CHAPTER = re.compile(r'\b(?:Sub)?[Cc]hapter:? (?:Chapter )?(\d+[A-Z]*)\b')


def afscme_level(row):
    if row['section'] == 'International Union Offices':
        return 'international_office'
    if row['section'] == 'Retiree Chapters':
        return 'retiree_chapter'
    if COUNCIL.search(row['name']):
        return 'council'
    if LOCAL.search(row['name']):
        return 'local'
    return 'affiliate'


def afscme_orgs(rows):
    """One org per directory row, parents by the rules of README.md."""
    used = {'afscme'}
    orgs = [{'key': 'afscme', 'name': 'American Federation of State, County and Municipal '
             'Employees (AFSCME)', 'kind': 'union', 'country': 'US', 'state': 'DC',
             'city': 'Washington', 'level': 'international',
             'source_url': 'https://www.afscme.org/local'}]
    # The council (or local) each state page lists under a number: its headquarters row if the
    # page has one, else the first row with that number.  Retiree chapters point to it.
    numbered = {}
    keys = []
    for row in rows:
        key = unique_key('afscme-%s-%s' % (slug(row['state']), slug(row['name'])[:60]), used)
        keys.append(key)
        level = afscme_level(row)
        match = COUNCIL.search(row['name']) if level == 'council' else \
            LOCAL.search(row['name']) if level == 'local' else None
        if match:
            slot = (row['state'], match.group(1))
            if slot not in numbered or ('Headquarters' in row['name'] and
                                        'Headquarters' not in numbered[slot][1]):
                numbered[slot] = (key, row['name'])
    for row, key in zip(rows, keys):
        level = afscme_level(row)
        parent = 'afscme'
        if level == 'retiree_chapter':
            match = CHAPTER.search(row['name'])
            if match and (row['state'], match.group(1)) in numbered:
                parent = numbered[(row['state'], match.group(1))][0]
        placed = bool(row['parsed_state'])
        orgs.append({
            'key': key, 'name': row['name'], 'kind': 'union', 'parent': parent,
            'country': 'US',
            # Where the office is (the parsed address) when the row has one, else the state
            # page it is listed on, written as the page writes it (a full name).
            'state': row['parsed_state'] if placed else row['state'],
            'city': row['parsed_city'], 'zip': row['parsed_zip'],
            'level': level, 'section': row['section'], 'listed_state': row['state'],
            'website': row['website'], 'source_url': row['source_url'],
        })
    return orgs


# ---------------------------------------------------------------- IRS 990

def ein(text):
    return text.strip().zfill(9) if text.strip() else ''


def irs_orgs_and_ties(sponsors, grantees):
    orgs, ties, seen = [], {}, {}
    for row in sponsors:
        key = 'ein-' + ein(row['EIN'])
        seen[key] = True
        orgs.append({'key': key, 'name': row['NAME'], 'kind': 'funder', 'country': 'US',
                     'state': row['StateAbbreviationCd'], 'city': row['CityNm'],
                     'zip': row['ZIPCd'], 'ein': ein(row['EIN'])})
    by_ein = {ein(row['EIN']): row for row in sponsors}
    for line, row in enumerate(grantees, start=2):
        if not row['BusinessNameLine1Txt'].strip() or not ein(row['RecipientEIN']):
            continue  # the 2 rows with neither a name nor an EIN: nothing to link
        key = 'ein-' + ein(row['RecipientEIN'])
        if key not in seen:
            seen[key] = True
            irc = row['IRCSectionDesc']
            orgs.append({'key': key, 'name': row['BusinessNameLine1Txt'],
                         'kind': 'other' if irc == 'GOVT' else 'ngo',
                         'country': row['CountryCd'] or 'US',
                         'state': row['StateAbbreviationCd'] or row['ProvinceOrStateNm'],
                         'city': row['CityNm'], 'zip': row['ZIPCd'],
                         'ein': ein(row['RecipientEIN']), 'irc_section': irc})
        sponsor = by_ein[ein(row['Sponsor'])]
        identity = ('ein-' + ein(row['Sponsor']), key, row['TAXYEAR'])
        tie = ties.setdefault(identity, {
            'source': identity[0], 'target': key, 'kind': 'funding', 'sign': '1',
            'weight': '1',
            # The filer's tax year, as the sponsors file writes it (M/D/YYYY: import it
            # with --date-order mdy).
            'start': sponsor['TAXYRSTART'], 'end': sponsor['TAXYREND'], 'directed': '1',
            'sources': 'irs990-schedule-i', 'cash_grant': 0, 'grant_rows': [],
            'purpose': row['PurposeOfGrantTxt']})
        tie['cash_grant'] += int(row['CashGrantAmt'] or 0)
        tie['grant_rows'].append(str(line))
    for tie in ties.values():
        tie['cash_grant'] = str(tie['cash_grant'])
        tie['grant_rows'] = ';'.join(tie['grant_rows'])
    return orgs, list(ties.values())


# ---------------------------------------------------------------- Women's March

def march_place(row):
    """(country, state, state_as_listed) of a march row."""
    country = COUNTRIES[row['country']]
    state, listed = row['state'], ''
    if state in STATE_FIXES:
        listed = state
        country, state = STATE_FIXES[state]
    elif country == 'CA':
        parts = [p.strip().rstrip('.') for p in row['place'].split(',')[1:]]
        state = next((PROVINCE_SPELLINGS[p] for p in parts if p in PROVINCE_SPELLINGS), '')
    return country, state, listed


def march_events(rows):
    used, events, sources, source_keys = set(), [], [], {}
    for row in rows:
        keys = ['pressman-chenoweth-2017']
        for column in ('source', 'source2', 'source3'):
            text = row[column].strip()
            if not text:
                continue
            if text not in source_keys:
                source_keys[text] = 'wm2017-s%04d' % (len(source_keys) + 1)
                sources.append({'key': source_keys[text], 'citation': text,
                                'url': text if text.startswith(('http://', 'https://')) else '',
                                'published': ''})
            if source_keys[text] not in keys:
                keys.append(source_keys[text])
        keys.append('womensmarches-geocoding')
        country, state, listed = march_place(row)
        events.append({
            'key': unique_key('wm2017-' + slug(row['place']), used),
            'name': "Women's March, " + row['place'].strip(), 'kind': 'march',
            'date': '2017-01-21', 'campaign': 'womens-march-2017', 'country': country,
            'state': state, 'city': row['place'].split(',')[0].strip(),
            'lat': row['lat'], 'lon': row['lng'],
            'turnout_low': number(row['estimate_low']),
            'turnout_high': number(row['estimate_high']),
            'sources': ';'.join(keys), 'full_place': row['full_place'].strip(),
            'state_as_listed': listed})
    return events, sources


# ---------------------------------------------------------------- output

def write(path, columns, rows):
    with open(path, 'w', newline='', encoding='utf-8') as f:
        out = csv.DictWriter(f, fieldnames=columns, lineterminator='\n')
        out.writeheader()
        for row in rows:
            out.writerow({c: row.get(c, '') for c in columns})


def main(argv):
    raw = argv[1] if len(argv) > 1 else os.path.join(HERE, 'raw')
    out = argv[2] if len(argv) > 2 else HERE
    os.makedirs(out, exist_ok=True)
    orgs = afscme_orgs(read(raw, AFSCME))
    irs_orgs, ties = irs_orgs_and_ties(read(raw, SPONSORS), read(raw, GRANTEES))
    events, march_sources = march_events(read(raw, WOMENS_MARCH))
    sources = [{'key': k, 'citation': c, 'url': u, 'published': p}
               for k, c, u, p in FILE_SOURCES] + march_sources
    write(os.path.join(out, 'orgs.csv'), ORG_COLUMNS, orgs + irs_orgs)
    write(os.path.join(out, 'ties.csv'), TIE_COLUMNS, ties)
    write(os.path.join(out, 'events.csv'), EVENT_COLUMNS, events)
    write(os.path.join(out, 'sources.csv'), SOURCE_COLUMNS, sources)
    print('convert.py: %d orgs, %d ties, %d events, %d sources' %
          (len(orgs) + len(irs_orgs), len(ties), len(events), len(sources)), file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
