"""A hand-written, labelled corpus of short news-like paragraphs in five sections.

Each paragraph was written separately, with varied wording (no templates), in the
register of wire copy. Used by ``tests/test_topics.py`` (auto-k must find 5) and by
``benchmarks/topics_eval.py``. No test lives here.
"""

SECTIONS: dict[str, list[str]] = {
    "football": [
        "The visitors took the lead after eleven minutes when their captain curled a free kick "
        "into the top corner of the goal, leaving the home goalkeeper rooted to his line.",
        "A late penalty, awarded after a lengthy video review, handed the champions a narrow "
        "win and lifted the club three points clear at the top of the league table.",
        "The club confirmed the signing of the Brazilian striker on a five-year contract, "
        "ending a transfer saga that dragged on for most of the summer window.",
        "Supporters booed the manager off the pitch after a fourth consecutive league defeat, "
        "and the club's board is weighing whether to sack him before the derby match.",
        "An injury-time goal from the substitute midfielder rescued a draw for the "
        "relegation-threatened club, who had been reduced to ten men before half-time.",
        "The striker's hat-trick took his tally to twenty league goals this season, and scouts "
        "from several European clubs were in the stands to watch the match.",
        "Referees will wear body cameras in the cup semi-finals as football's governing body "
        "tests new ways to tackle abuse of match officials by players and managers.",
        "The goalkeeper saved two penalties in the shootout as the underdogs knocked the "
        "holders out of the cup and reached the first final in the club's history.",
        "The manager praised his players for a disciplined performance, saying the clean sheet "
        "and a late goal from a corner showed the team could fight for the league title.",
        "Midfielders dominated possession for the whole match, but the striker wasted three "
        "chances in front of goal and the game finished goalless.",
    ],
    "economy": [
        "The central bank held interest rates at 4.5% on Thursday, with policymakers warning "
        "that stubborn services inflation meant borrowing costs would stay high for longer.",
        "Inflation eased to 2.8% in the year to October, slower than economists had forecast, "
        "as falling fuel prices offset higher food prices for households.",
        "Mortgage lenders cut fixed-rate deals for the third week running as markets priced in "
        "an interest rate cut by the central bank early next year.",
        "The economy shrank by 0.1% in the third quarter, official figures showed, raising "
        "fears of a recession as manufacturing output and retail spending both fell.",
        "Bond yields climbed and the currency slipped against the dollar on markets after the "
        "finance ministry unveiled plans to borrow more to fund tax cuts.",
        "Unemployment rose to its highest level in three years while wage growth slowed, "
        "suggesting the economy is cooling as the central bank had hoped.",
        "Shares in the biggest lenders fell sharply after the regulator said bad loans to "
        "small businesses were rising, unsettling investors across financial markets.",
        "Energy prices and rents pushed inflation above the bank's target again, prompting "
        "investors to scale back bets on lower interest rates.",
        "Economists expect growth to stay weak next year, with high borrowing costs weighing "
        "on business investment and consumer spending across the economy.",
        "The finance minister said taming inflation remained the priority, and promised the "
        "budget would not add to price pressures or to government borrowing.",
    ],
    "wildfires": [
        "Firefighters battled a wildfire that tore through pine forest overnight, forcing the "
        "evacuation of residents as strong winds fanned the flames.",
        "A heatwave pushed temperatures above 44C across the south, and forecasters warned of "
        "extreme fire danger as the drought entered its third month.",
        "Water-bombing aircraft joined firefighters after the blaze jumped a motorway and "
        "threatened villages on the edge of the forest.",
        "Scientists said the scale of this summer's wildfires was made far more likely by "
        "climate change, which has lengthened the dry season and parched the forests.",
        "Smoke from the burning hillsides drifted over the capital, where authorities told "
        "residents with asthma to stay indoors as the fires spread.",
        "Residents returned to find homes reduced to ash and charred olive groves, as "
        "firefighters damped down hotspots and cleared fallen trees from roads.",
        "Arson investigators are examining whether the fire was started deliberately, after "
        "witnesses saw flames break out in several places in the forest at once.",
        "More than 20,000 hectares of forest have burned since June, the forestry service "
        "said, making it the worst wildfire season on record.",
        "Hot, dry winds are expected to fan the flames again on Sunday, and firefighters said "
        "new evacuation orders were possible for villages near the blaze.",
        "The drought and record heat have turned forests into tinder, and fire crews said "
        "they were stretched thin by dozens of blazes burning at the same time.",
    ],
    "health": [
        "Hospital waiting lists reached a record high, with more than seven million patients "
        "waiting for planned operations such as hip and knee replacements.",
        "Junior doctors began a five-day strike over pay, and hospital managers warned that "
        "thousands of patients would have appointments and surgery postponed.",
        "A new vaccine against the respiratory virus will be offered to patients over 75 and "
        "pregnant women this winter, the health agency announced.",
        "Hospital emergency departments were so crowded that ambulances queued outside for "
        "hours, with elderly patients treated on trolleys in corridors.",
        "Researchers found that a cheap daily pill cut the risk of heart attacks and strokes "
        "by a fifth in a trial involving 12,000 patients with high blood pressure.",
        "Nurses said staff shortages on hospital wards were putting patients at risk, as "
        "their union opened a ballot on strike action over workloads.",
        "Cases of measles have risen among children in areas where vaccination rates are low, "
        "prompting doctors to urge parents to check their children's vaccine records.",
        "The health service will trial weight-loss drugs in GP surgeries to see whether they "
        "can reduce diabetes and cut hospital admissions among patients.",
        "Doctors said the virus was spreading fastest among older patients, and hospitals "
        "were asked to free up beds ahead of the busiest weeks of the winter.",
        "The health secretary promised more funding for mental health services, saying "
        "patients waited too long for treatment and doctors were overstretched.",
    ],
    "technology": [
        "The chipmaker unveiled a processor designed to train artificial intelligence models "
        "faster, and said data centres were buying the chips as fast as it could make them.",
        "A software update for the popular smartphone drained batteries and crashed apps, "
        "forcing the tech company to pull it and promise a fix for users.",
        "Hackers stole the personal data of millions of users in a cyber attack on the "
        "telecoms company, which said passwords were not exposed.",
        "The artificial intelligence start-up raised $300m from investors to build chatbots "
        "for customer service, valuing the company at more than $4bn.",
        "Regulators opened an investigation into whether the tech giant abused its dominance "
        "of online advertising by favouring its own services in search results.",
        "Engineers demonstrated a quantum computer that solved a benchmark problem in minutes, "
        "a task they estimate would take a conventional supercomputer thousands of years.",
        "The social media platform will require users to verify their age with a selfie or "
        "an identity document before they can use some of its apps.",
        "Tech companies are racing to build larger artificial intelligence models, and the "
        "electricity demand of their data centres has become a concern for grid operators.",
        "The company said its new smartphone would run artificial intelligence tools on the "
        "device itself, so users' data would not have to be sent to the cloud.",
        "Software engineers at the tech firm were told to use AI coding assistants, as the "
        "company bets that the tools will make its developers more productive.",
    ],
}


def corpus() -> tuple[list[str], list[str]]:
    """``(texts, section labels)`` in a fixed, interleaved order."""
    texts, labels = [], []
    names = list(SECTIONS)
    for i in range(max(len(v) for v in SECTIONS.values())):
        for name in names:
            if i < len(SECTIONS[name]):
                texts.append(SECTIONS[name][i])
                labels.append(name)
    return texts, labels
