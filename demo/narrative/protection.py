"""Narrative for the public protection work (Prevent, domestic abuse, MAPPA, FGM, modern slavery, serious
violence and exploitation) and the glossary. Each figure written here is the one the section's table shows for
2021/22."""

from inspect import cleandoc

PUBLIC_PROTECTION = cleandoc("""
    Public protection is the Trust's part in multi-agency work to protect people from serious harm: Prevent,
    domestic abuse and the conferences that plan for victims at high risk, the arrangements for managing people
    who pose a risk to the public, female genital mutilation, modern slavery, serious violence and exploitation.

    The safeguarding service represents the Trust at these forums, makes sure what they share reaches the
    directorates, and reports back through the Trust's governance. National guidance published during the year
    on Prevent, domestic abuse and serious violence is summarised under National context.
""")

PREVENT = cleandoc("""
    The Counter-Terrorism and Security Act 2015 places a duty on specified authorities, health organisations
    among them, to have due regard to the need to prevent people being drawn into terrorism. CONTEST, the
    government's counter-terrorism strategy, is the framework for this work, and the Prevent programme relies on
    leadership and delivery from a wide network of partners.

    Channel panels continue to meet virtually, and the Trust's Prevent lead shares information with them as needed.
    The Prevent lead is part of the safeguarding service, which also has a deputy Prevent lead so that Channel
    meetings are always covered. In 2021/22 the Associate Director of Social Care represented the Trust on the
    Oxfordshire and Buckinghamshire Prevent boards. Since the national framework for Prevent training came out in
    April 2021, the service has worked with Learning and Development so that staff training matrices hold the right
    Prevent courses.
""")

DOMESTIC_ABUSE = cleandoc("""
    Domestic abuse remains one of the most common reasons staff call the safeguarding consultation lines, yet
    the Trust still makes few referrals to a multi-agency risk assessment conference (MARAC).

    A domestic abuse working group, with members from services across the Trust, has met since February 2019 to
    keep track of the Trust's work on domestic abuse and to make sure its response is coordinated and consistent
    with national guidance, local strategies and the boards' priorities. In 2021/22 it supported the Trust's
    domestic abuse champions each quarter. Domestic abuse rose during the pandemic, and the group shared
    resources for staff and their clients, including advice on working virtually. An audit tested practice in
    clinical services against the Trust's domestic abuse policy and found strengths and gaps; the actions it
    identified have been put in place.

    ### DASH risk checklists
    The domestic abuse, stalking and harassment (DASH) checklists, for adults and for children and young people,
    have been in the mental health and community health Carenotes since October 2021. The checklist assesses the
    risk from domestic abuse and is part of referring someone to MARAC, the multi-agency meeting that agrees a
    safety plan for victims at high risk.

    ### Boards, groups and scrutiny panels
    The Domestic Abuse Act 2021 gives county councils new duties, including setting up a domestic abuse
    partnership board with set membership. The Associate Director of Social Care represented the Trust on the
    boards in Buckinghamshire and Oxfordshire in 2021/22, and the service sits on the operational groups,
    including Oxfordshire's. Multi-agency domestic abuse scrutiny panels, introduced across the Thames Valley,
    give independent oversight of how domestic abuse is investigated and how victims are supported and
    safeguarded; the service represents the Trust on them and feeds back good practice and learning.

    In BSW, named safeguarding professionals represented the Trust at domestic abuse stakeholder events in 2021,
    where workshops evaluated the programmes for victims and for perpetrators and the pathway for young people.
    A multi-agency group is taking forward a revised domestic abuse strategy for Wiltshire.

    ### MARAC and MATAC
    The service supports MARAC meetings in every area, where health staff help build safety plans so that people
    experiencing domestic abuse can make changes and lower their risk. A member of the team sits on the MARAC
    steering group for Buckinghamshire and Oxfordshire. In BSW the Trust provides only children's mental health
    services, so its part in MARAC concerns children in the family who are open to CAMHS.

    The service also attends the multi-agency tasking and coordination (MATAC) meetings in Buckinghamshire and
    south Oxfordshire, which discuss people who do not reach the MARAC threshold but often come to the attention
    of the police. Information sharing agreements are in place in both counties. Buckinghamshire meets when
    Thames Valley Police identify cases; south Oxfordshire meets monthly as part of its joint tasking meeting,
    and MATAC may extend to north Oxfordshire and the city.
""")

MAPPA = cleandoc("""
    Adult mental health services and the safeguarding adults team take part in multi-agency public protection
    arrangements (MAPPA) as needed. In Oxfordshire the safeguarding children team reads each MAPPA agenda for
    children of the people being managed, and gives information to support risk planning where it helps.

    The Trust made 21 MAPPA information shares in 2021/22, fewer than in either of the two years before. The
    children's team's part in MAPPA is being reviewed so that it is the same in every area.
""")

FGM = cleandoc("""
    In Oxfordshire the Trust joins a 'no names' multi-agency meeting that sits every month at the John Radcliffe
    Hospital. It looks at cases that have had a risk assessment and decides whether agencies need to work together
    to support the victim or family. The meeting discussed 30 FGM cases between April 2021 and March 2022, more than
    the year before. For some of the women discussed, health visitors or school health nurses were told who the
    mother or child was, and some families' Carenotes records were given an alert; the others needed nothing more,
    either because a plan already existed or because the baby born was a boy.

    The meetings have continued on Microsoft Teams, which has widened attendance from partner organisations and
    improved communication; social work students now observe regularly. Multi-agency FGM training is open to Trust
    staff in Oxfordshire and BSW, and in BSW the service helped the Bath and North East Somerset board review its
    FGM policy, a review finished in 2022. Trust staff in Buckinghamshire and BSW had no FGM cases reported to them;
    any that are would go through the safeguarding children procedures.

    ### An example
    A woman who had undergone FGM came to the UK after fleeing so-called honour-based violence. Widowed after an
    arranged marriage, she had refused to marry her husband's brother, and had to leave her children behind with no
    contact. Pregnant by a local man, she attended the Rose Clinic but did not reply to the health visiting
    service's routine antenatal letter. Neither the midwives nor the health visitors knew how afraid she was of
    being traced, or that she was mourning the children she had lost. When the health visiting service learnt her
    story, it arranged to see her again and began support tailored to her.
""")

MODERN_SLAVERY = cleandoc("""
    Staff across the Trust continue to be reminded how to recognise modern slavery and respond to it, as the
    Trust's statutory commitment requires. Under the Modern Slavery Act 2015 the Thames Valley keeps an
    anti-slavery network with three regional sub-groups, for Oxfordshire, Buckinghamshire and Berkshire. In
    2021/22 Buckinghamshire's network joined the exploitation sub-group there.

    Members of the safeguarding service attend the Oxfordshire network and Buckinghamshire's exploitation sub-group
    on the Trust's behalf. The network's meetings, paused during 2020, started again in 2021.
""")

SERIOUS_VIOLENCE = cleandoc("""
    The government's Serious Violence Strategy is its answer to serious violence and to recent rises in homicide and
    in crimes involving knives and guns. It takes a public health approach, putting the emphasis on early
    intervention, safeguarding and disruption for young people under 25.

    ### Serious violence
    In Oxfordshire the clinical commissioning group's designated safeguarding lead is a member of the violence
    reduction unit's strategic board, which serves the whole integrated care system. Providers were invited to
    suggest what the next year's plan should cover to reduce serious violence, including violence against women and
    girls; the plan aims to build local capacity, work with the community and voluntary sector, move effort towards
    early intervention and prevention, and make more use of data. In Buckinghamshire a serious violence task force
    has met since April 2021 to monitor the Safer Buckinghamshire serious violence plan and hear partners' updates,
    and the service sits on it. In Wiltshire an early intervention and violence reduction subgroup, formed in
    January 2022, set up a working group across Wiltshire and Swindon to consider bringing 'The Blunt Truth' into
    schools and colleges, and the wider offer on knife and weapon awareness.

    ### Child exploitation
    The Trust works at strategic and operational levels to respond to child exploitation, and the way
    exploitation services and meetings are organised has changed in Buckinghamshire and Oxfordshire.

    In Oxfordshire, a child safeguarding practice review of a young person who was exploited led to three work
    stream groups, on working together, education and child exploitation. Each has priorities for putting the
    review's learning into practice and for a revised system for tackling exploitation in the county, and each
    includes Trust staff. The exploitation work stream meeting, the exploitation sub-group, the partnership and
    its multi-agency safeguarding arrangements group monitor their progress. Missing and exploited panels meet
    monthly in the north, the city and the south of the county, attended by CAMHS team managers, the Phoenix
    team's manager and the specialist nurse for exploitation, and locality network meetings are attended by
    school health nurse leads and CAMHS deputy team leaders.

    In Buckinghamshire an exploitation hub manages the risk of exploitation, working across agencies to reduce
    risk, protect and disrupt. CAMHS attends the multi-agency child exploitation (MACE) meetings every fortnight,
    and how many CAMHS cases are discussed there is shared with the commissioners and the children's
    partnership. In December 2021 the adults board, the Safer Bucks board and the children's partnership agreed to
    form a joint adult and child exploitation subgroup that includes the modern slavery network; the serious
    violence task group stays separate until the new duty is embedded. The service attends the exploitation
    sub-group.

    In BSW, Wiltshire and Swindon have merged their child exploitation and missing sub-groups into one virtual
    pan-Wiltshire criminal exploitation sub-group, which the service attends; in Bath and North East Somerset the
    CAMHS team manager attends the exploitation sub-group. Wiltshire is piloting the University of Bedfordshire's
    contextual safeguarding project, and a member of the service sits on its implementation and steering group
    and on the Wiltshire health group led by the commissioners' designated nurse. The project has turned the
    county's child sexual exploitation team in the MASH into an exploitation team for children at risk of harm
    outside the family, and since 2022 children in Wiltshire may be referred to a risk outside the home (ROTH)
    conference rather than an initial child protection conference. Bath and North East Somerset is linked to
    Bristol as another contextual safeguarding pilot, discussed at the regional complex safeguarding meeting the
    service attends, and both it and Swindon are considering how to apply what Wiltshire has learnt.
""")

GLOSSARY = cleandoc("""
    The abbreviations and terms used in this report, and what they mean.

    | Term | Meaning |
    |---|---|
    | CAMHS | Child and adolescent mental health services |
    | CCG | Clinical commissioning group: the body that commissioned local health services until integrated care boards took over |
    | CDOP | Child death overview process, and the panel that reviews every child death in an area |
    | CSE | Child sexual exploitation |
    | CSPR | Child safeguarding practice review: the partnership's review of a case where a child died or was seriously harmed and abuse or neglect is known or suspected |
    | DASH | Domestic abuse, stalking and harassment: the risk checklist used before a referral to MARAC |
    | DoLS | Deprivation of Liberty Safeguards |
    | FGM | Female genital mutilation |
    | Intercollegiate documents | Two documents written by the royal colleges, setting out the roles and competencies health staff need to safeguard adults and to safeguard children; the NHS uses them as its safeguarding competency framework |
    | JAR | Joint agency review: a meeting called after a child's unexpected death |
    | Kingfisher Team | A multi-agency team Oxfordshire County Council formed after child sexual exploitation came to light in the county |
    | LSAB | Local safeguarding adults board. The Care Act 2014 gives each local authority area one, to assure itself that local safeguarding arrangements meet the Act and its guidance and that practice is person-centred, focused on outcomes and always improving; to work together to prevent abuse and neglect where it can; and to make sure agencies respond in good time and in proportion when abuse or neglect happens |
    | LSCB/P | Local safeguarding children board, since replaced by the local safeguarding children partnership |
    | MACE | Multi-agency child exploitation meeting |
    | MAPPA | Multi-agency public protection arrangements |
    | MARAC | Multi-agency risk assessment conference |
    | MASH | Multi-agency safeguarding hub |
    | MATAC | Multi-agency tasking and coordination |
    | Prevent | The work to stop people being drawn into terrorism, including support for those who seem to be becoming radicalised |
    | SAR | Safeguarding adult review |
    | s.42 enquiry | An enquiry by a local authority, under section 42 of the Care Act 2014, into whether an adult at risk is being abused or neglected |
    | WTE | Whole-time equivalent |
""")  # noqa: E501 - a Markdown table row is one line

PROTECTION = {
    "Public protection work": PUBLIC_PROTECTION,
    "Prevent": PREVENT,
    "Domestic abuse and MARAC": DOMESTIC_ABUSE,
    "Multi-agency public protection arrangements (MAPPA)": MAPPA,
    "Female genital mutilation (FGM)": FGM,
    "Modern slavery": MODERN_SLAVERY,
    "Serious violence and exploitation": SERIOUS_VIOLENCE,
    "Glossary": GLOSSARY,
}
