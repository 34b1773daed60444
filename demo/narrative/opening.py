"""Narrative for the report's opening sections: summary, introduction, priorities, national context, the service."""

from inspect import cleandoc

EXECUTIVE_SUMMARY = cleandoc("""
    ### Statutory duties
    This report gives the Board assurance that in 2021/22 the Trust met its statutory safeguarding duties and
    complied with CQC Regulation 13, which requires that people using its services are protected from abuse and
    improper treatment. Section 11 of the Children Act 2004 requires the Trust to make arrangements that
    safeguard children and promote their welfare, and the Care Act 2014 requires it to cooperate with its
    partners to protect adults at risk. The report describes the work of the Trust's safeguarding service over
    the year.

    ### Assurance
    Oxfordshire's joint self-assessment of safeguarding for children and adults (its section 11 audit) was
    completed, and after a peer review event the Trust was rated green. In Buckinghamshire the Trust took part in
    the children's section 11 audit, finished in March 2021, which set it no actions. In BSW, Swindon and
    Wiltshire run a joint audit and Bath and North East Somerset its own; the Trust completed the Swindon and
    Wiltshire audit in October 2021 and was again rated green. The CQC carried out no inspection during the year
    that involved the safeguarding service.

    ### Working with partners
    The service's work in the Oxfordshire multi-agency safeguarding hub (MASH) has grown by close to two-thirds
    since 2018/19, following the rise in referrals of children at risk of harm. Its work in the Buckinghamshire
    MASH has grown by about half, as strategy meetings were introduced and children's social care changed its
    processes. The Trust's executive has agreed extra staffing so that the health team can meet its
    responsibilities in the MASH.

    ### Training
    Safeguarding training compliance did not reach the Trust's target. The move to a new learning and
    development system left recorded levels lower than before. During 2022/23 the service meets the Learning and
    Development team regularly to put the data right and to raise completion of every course.
""")

INTRODUCTION = cleandoc("""
    The safeguarding service helps staff across the Trust to deal with complex safeguarding concerns. Referrals
    to adults' and children's social care went on rising in 2021/22, while demand for services grew and staff
    turnover and absence, partly caused by COVID-19, were felt across the whole system. Staff brought these
    pressures to the consultation lines and to safeguarding supervision.

    As a provider registered with the CQC, the Trust has to show it meets Regulation 13: nobody who uses its
    services may suffer abuse or improper treatment while in its care, and improper treatment covers discrimination
    and unlawful restraint, including depriving someone of their liberty unlawfully. The Trust also has statutory
    duties towards children under section 11 of the Children Act 2004, and towards adults at risk under the Care Act
    2014.

    The service aims to give practitioners high-quality advice, training and support, so that they keep children
    safe and protect adults with care and support needs, and so that safeguarding becomes part of everyone's
    daily practice.

    This report sets out what the Trust achieved in safeguarding during 2021/22, led by the service, and its
    priorities for the year ahead. It explains how the children's and adults' teams are organised and how they
    work with other Trust services and local agencies to bring about change for the most vulnerable people.
    Until now the Trust wrote a separate report for the commissioners in Bath and North East Somerset, Swindon
    and Wiltshire (BSW); as the service moves to one consistent, integrated approach in every area, BSW is
    included in this report.
""")

PRIORITIES = cleandoc("""
    At the start of 2021/22 the service set itself priorities for communication, for becoming one integrated
    service, for audit, for training, for public protection and for a whole family approach. The table sets out,
    for each, what we said we would do and what we did as the year went on, in the order it happened.

    Most of the work is done or well under way. Bringing the adults' and children's teams together has taken
    longer than planned, because the service's structure changed a great deal during the year, and it remains a
    priority for 2022/23.
""")

NEXT_PRIORITIES = cleandoc("""
    After recent changes of staff, the service will concentrate in 2022/23 on delivering its core work well:
    advice, training, supervision and representing the Trust with its partners.

    A review of the service found that a safeguarding strategy would help it set clear priorities and bring the
    adults' and children's work closer together. It also found that safeguarding adult reviews and child
    safeguarding practice reviews need to be built more firmly into the Trust's quality processes, and the
    service is working with the governance teams to do so. The table lists these and the other priorities for
    the year ahead.
""")

NATIONAL_CONTEXT = cleandoc("""
    New national guidance was published in the areas below. The service raised each at the Trust's governance
    meetings, and reviewed its training, policies and procedures against the changes.

    ### Prevent training and competencies framework
    A revised framework for Prevent training and competencies was published. The Trust reviewed its Prevent
    training during 2021/22, and the Prevent courses of Health Education England and the Home Office are now on
    staff training matrices.

    ### Domestic Abuse Act 2021
    The Act, in force from April 2021, aims to raise awareness and understanding of the devastating harm domestic
    abuse does to victims and their families. It aims for a justice system that protects victims better and
    brings more abusers to account, and it asks more of statutory agencies in supporting victims. Domestic
    abuse boards were set up under the Act, and the Trust is represented on them.

    ### Babies harmed by fathers or male carers
    The national Child Safeguarding Practice Review Panel reviewed cases in which babies under a year old were
    harmed or killed by their father or another man caring for them. It found risk factors common to many of the
    cases; that poor information sharing often stopped practitioners responding to the risk to a baby; and that
    many services for new parents focus mostly on the mother. It recommends that the government fund pilots of
    whole-family work with fathers, and that engaging fathers becomes part of every family programme, new and
    existing. NSPCC Learning has summarised the review in a CASPAR briefing.

    ### Serious Violence Duty
    Draft statutory guidance for the authorities responsible under the duty was published on 13 May 2021 to
    inform debate on the Bill. The government has committed to develop it further on safeguarding and to add
    content on housing and homelessness. The revised draft makes clear that violence under the duty includes
    domestic abuse and sexual violence.
""")

THE_SERVICE = cleandoc("""
    The adults' and children's safeguarding teams make up a single service, part of the Corporate Nursing and
    Clinical Standards Directorate, because its work reaches every part of the Trust. Sitting together helps the
    service join up its work with children and with adults, and the public protection work that spans both: for
    instance Prevent, domestic abuse and modern slavery. Safeguarding is a standing item on the agenda of each
    directorate's governance meeting, which the service attends regularly.

    The service's establishment did not change in 2021/22. The team works in a blended way, mostly from home
    with some time in the office. A review of the structure, which the Chief Nurse asked for in March 2022, is
    a priority for 2022/23.

    ### How the service is organised
    During 2021/22 the service was led by its lead nurses and lead doctor, who reported to the Associate Director
    of Social Care. Accountability for safeguarding each person stays with the clinical staff caring for them:
    the safeguarding teams hold no caseloads.

    The service covers five local safeguarding children partnerships (Oxfordshire, Buckinghamshire, Bath and
    North East Somerset, Swindon and Wiltshire) and two safeguarding adults boards (Oxfordshire and
    Buckinghamshire). The social care professional leads, social workers employed by the Trust, give advice on
    adult safeguarding as part of their social care role but sit outside the service. The chart shows the
    structure.
""")

OPENING = {
    "Executive summary": EXECUTIVE_SUMMARY,
    "Introduction": INTRODUCTION,
    "Safeguarding service priorities: we said, we did": PRIORITIES,
    "Priorities for the year ahead": NEXT_PRIORITIES,
    "National context": NATIONAL_CONTEXT,
    "The safeguarding service": THE_SERVICE,
}
