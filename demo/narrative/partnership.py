"""Narrative for policies and the multi-agency work: the MASH, reviews of adults and children, child deaths and
neglect. Each figure written here is the one the section's table shows for 2021/22."""

from inspect import cleandoc

POLICIES = cleandoc("""
    The service keeps the Trust's safeguarding policies and procedures in line with the law, national guidance
    and the procedures of the local partnerships and boards. Each policy is reviewed on a regular cycle, and
    sooner when the law or guidance changes or a review shows that practice needs to change.

    Two policies were updated in 2021/22: the Allegations Policy, which sets out how allegations against staff
    are managed, and the Safeguarding Adults Policy, which gives clinicians an up-to-date framework for their
    work with adults at risk. The table lists the policies reviewed in the year, who owns each one and when it
    is next due for review.
""")

MULTI_AGENCY_WORKING = cleandoc("""
    The Trust works with local authorities, the police, other health providers and the voluntary sector through
    the safeguarding children partnerships and safeguarding adults boards in each of its areas. Much of the
    service's effort goes into this shared work, where the Trust's knowledge of a child, an adult or a family is
    put together with what other agencies know.

    This part covers the service's work in the multi-agency safeguarding hubs, its part in safeguarding adult
    reviews and child safeguarding practice reviews, what the Trust learnt from those reviews and how the
    learning reached staff. Activity on reviews, including any actions still open, is also reported to the
    Safeguarding Committee every quarter.
""")

MASH = cleandoc("""
    ### Oxfordshire
    The Oxfordshire MASH health team processed 4,726 enquiries in 2021/22, about 18 each working day. The team did
    not have enough staff to keep up with demand, and a backlog of cases built up, which put children who need
    safeguarding at risk and harmed the Trust's standing in the partnership. As an interim measure the Chief
    Nurse agreed to fund a half-time, twelve-month secondment at band 6, and the post has been filled.

    ### Buckinghamshire
    The service processed 638 enquiries in the Buckinghamshire MASH, far more than in 2020/21, because strategy
    meetings were introduced in the MASH and children's social care changed its processes; 253 cases were open
    at the end of the year. The service watches this work closely, and the Trust has agreed extra administrative
    hours to help meet the demand.

    ### BSW
    Wiltshire's MASH has an established named CAMHS practitioner who works as a partner within it: sharing
    information, making joint decisions where there is a mental health concern, attending complex strategy
    discussions, and planning and giving tailored training to the MASH team. Swindon's MASH is recruiting mental
    health specialists who will be fully part of the hub. Bath and North East Somerset does not run a MASH as its
    front door; a duty CAMHS clinician links with the children's teams instead. Because this work happens
    through the CAMHS duty system, the service does not collect figures for it.
""")

SARS = cleandoc("""
    A safeguarding adult review (SAR) is how the partners on a safeguarding adults board find lessons in the way
    local professionals and agencies work together, so that adults with care and support needs are better
    protected. Every SAR is complex by its nature.

    SARs completed in Oxfordshire and Buckinghamshire during 2021/22 looked at people whom services found hard
    to engage. They show the tension between a person's autonomy and the duty of care: services must be clear
    about the legal framework they work within, and use skilled communication within what they can offer. An
    Oxfordshire SAR built on the thematic review, completed in 2020/21, of the deaths of people who were
    homeless. Each SAR is published on its safeguarding adults board's website; the learning the Trust took from
    them, and how it was shared, is below.
""")

CSPRS = cleandoc("""
    Child safeguarding practice reviews (CSPRs) replaced the serious case reviews that local safeguarding children
    boards used to carry out, as Working Together 2018 describes. Reviews of serious child safeguarding cases, local
    and national, aim to find what must improve to safeguard children and promote their welfare. The learning
    matters locally, and also to everyone who works with children and families, and to government and policymakers.
    A case counts as serious where a child has died or come to serious harm and abuse or neglect is suspected or
    known; serious harm takes in lasting or serious damage to a child's mental health, or to how they develop
    intellectually, emotionally, socially or in their behaviour.

    Fewer CSPRs were commissioned in 2021/22, while the rapid review process developed. In a rapid review the
    safeguarding partners promptly gather the facts of a case, discuss immediate actions, identify improvements
    and decide the next steps. The completed rapid review goes to the local CSPR subgroup, which decides whether
    to recommend a full review and submits that to the national panel for a decision. Across the Trust's areas
    11 rapid reviews were completed in the year. Review actions still in progress are being completed, or have
    been escalated where something stood in their way.

    ### Putting the learning into practice
    The children's team has shared the learning from CSPRs within the Trust and with the partnerships: at
    multi-agency learning events; through a joint pathway between children's social care and adult mental
    health, whose authors were commended by the chair of the Oxfordshire partnership; through a consistent
    approach to children who often attend acute, out-of-hours and ambulance services; through the domestic abuse
    working group; in level 3 training, supervision and team visits that embed the threshold document, think
    family and early help; and in the monthly newsletter and at governance and locality meetings.

    The Family Nurse Partnership now joins GP safeguarding meetings, has strengthened its links with the Horizon
    team (whose psychotherapist supports team supervision) to understand how sexual abuse affects parenting, and
    follows up with paediatricians the children whose emotional and social development scores raise concern.
    The service helped scope training on child sexual abuse, and supported a working group set up after a
    thematic review of safe sleeping.

    ### An example of the joint pathway
    An expectant mother with a learning disability and complex mental health needs was being seen by a health
    visitor, and a child protection plan was made because of concerns about neglect. The health visiting and adult
    mental health teams kept the core group up to date and combined their plans. Working with social workers, they
    helped the mother move to a supported mother and baby placement with intensive care, giving her the best chance
    to show that she could give her baby a loving, safe and stable start.
""")

CDOP = cleandoc("""
    The safeguarding service coordinates the Trust's part in the child death review process whenever a child dies
    or members of the child's family are known to Trust services, and it represents the Trust on the Child Death
    Overview Panel in every area the Trust covers. The service also sits on the Trust's mortality review meeting,
    where it reports the themes of child deaths and any factors that could be changed, and it takes learning from
    that meeting back to the panel.

    Families in south Oxfordshire and south Buckinghamshire often use services across the county border, so the
    Trust also supports child death reviews from Berkshire, to give those families as much support as possible.
""")

CDOP_DATA = cleandoc("""
    In 2021/22 the Trust supported the child death review process for 93 children, against 61 the year before; some
    of the families used several Trust services. In Oxfordshire, health visitors acted as the keyworker for a few
    bereaved families.

    School health nurses in Oxfordshire and CAMHS teams attended joint agency review meetings to plan support for
    the school or college and the local community, or worked directly with the child's brothers and sisters. CAMHS
    worked with schools and colleges to find children open to CAMHS whose needs might change after the death of a
    friend or someone in their community, and others not known to CAMHS who might need support. Where a child had
    been placed in different areas over time, CAMHS staff in all three areas worked together to find the children
    who might have known the child through a placement, school or friends, so that they were supported if the news
    affected their mental health.

    ### Joint agency review meetings
    A joint agency review (JAR) meeting is called only when a child dies unexpectedly; neonatal and expected
    deaths follow a pathway without one. In Buckinghamshire the paediatric service of Buckinghamshire Healthcare
    Trust arranges these meetings and does not always invite Trust staff. In BSW the named safeguarding
    professional attends, sometimes with a CAMHS service manager, including when the child was not known to
    services, to support children at the same school or activities and to take wider learning.

    ### Child death review meetings
    These meetings take place about twelve weeks after a child's death. None were held in 2020/21, and in
    Oxfordshire some began again towards the end of 2021/22.

    ### CDOP panel meetings
    The panel meets every quarter and is the last stage of the local process. The Oxfordshire panel found no
    learning specific to the Trust, though learning about professional curiosity, when a mother says she is fine
    but assessment shows she is not, was shared with the acute trust's midwives and the Trust's health visitors.
    In Buckinghamshire the Trust attends only when a child known to CAMHS is reviewed, and it attended none in
    2021/22; the Trust does not attend panels in BSW.

    ### Thematic reviews
    Thematic reviews were introduced when the child death process was updated in 2018, and are supported at a
    regional level. A community service manager and a named nurse supported a working group, now closed, set up
    after a thematic review of safe sleeping.
""")

NEGLECT = cleandoc("""
    Neglect is a priority for every children's partnership the Trust works with. It is the most common reason for
    a child in Oxfordshire to be on a child protection plan: 458 children, 67% of those on a plan, against 45%
    nationally, and the Oxfordshire share is 11% higher than a year earlier. The Trust works with its partners to
    tackle this form of abuse.

    ### Oxfordshire
    Neglect remains a priority for every agency in the county. The Trust has its own action plan, which is brought
    up to date every quarter, and someone from the children's side of the service takes it to the partnership's
    strategic meetings on neglect. A task and finish group on neglect, covering both adults' and children's
    services, is being formed to carry new tools and developments out to teams. The neglect tool (the childcare
    development checklist) has been in Carenotes since March 2021, but reports show it is used less than it could
    be; improving that will be one of the group's tasks. The service has run tailored sessions with community teams,
    and at conferences, on handling hard conversations with families when neglect might be an issue, and neglect
    comes up often in supervision, where the tools are promoted. Across the county, neglect forums still draw
    practitioners from many agencies.

    ### Buckinghamshire
    Buckinghamshire has chosen the NSPCC's Graded Care Profile as its tool, but the NSPCC has made clear that only
    trained staff in certain roles can use it: social workers, health visitors, school nurses and early help
    practitioners. So each organisation has to work out how its own staff will assess families where children suffer
    neglect or are at risk of it, and how those assessments reach the people trained in the tool. The work stays the
    responsibility of every practitioner, so the process must let them work alongside the trained staff to assess,
    support and monitor outcomes. A senior steering group, with Trust representation, is being set up to do this.

    ### BSW
    Swindon and Wiltshire councils are both implementing the Graded Care Profile, and partners including CAMHS feed
    into the implementation groups; CAMHS staff are encouraged to attend the multi-agency training. Bath and North
    East Somerset uses no specific tool, but staff know of the Trust's own neglect tool and are urged to use it
    where it helps.
""")

PARTNERSHIP = {
    "Policy and procedures": POLICIES,
    "Multi-agency working": MULTI_AGENCY_WORKING,
    "Multi-Agency Safeguarding Hubs (MASH)": MASH,
    "Safeguarding adult reviews": SARS,
    "Child safeguarding practice reviews": CSPRS,
    "Child Death Overview Process (CDOP)": CDOP,
    "CDOP data": CDOP_DATA,
    "Multi-agency neglect work": NEGLECT,
}
