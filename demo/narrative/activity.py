"""Narrative for the core work: adult and children activity, referrals, incidents, consultations, training,
supervision and audits. Each figure written here is the one the section's table shows for 2021/22."""

from inspect import cleandoc

SAFEGUARDING_ACTIVITY = cleandoc("""
    This part of the report sets out the service's core work in 2021/22: supporting staff who work with adults
    and children at risk, referrals to social care, incidents, the children's consultation line, training,
    supervision and audit. Each sub-section compares the year with the years before it where figures exist.

    Demand rose across most of this work as services returned to more face-to-face contact with children and
    families when the pandemic restrictions eased. The figures come from the service's own records of each
    consultation, referral and session, and from returns the team entered for earlier years and for figures
    that other systems hold.
""")

ADULT_ACTIVITY = cleandoc("""
    Safeguarding adults is part of every clinician's core work, and the Safeguarding Adults Policy, updated in
    2021/22, sets out the framework they work within. The safeguarding adults team adds timely support through
    telephone consultations and by reviewing the incidents reported to it.

    Consultations, referrals to local authorities and requests for information from a local authority making
    enquiries under section 42 of the Care Act 2014 are key signs that safeguarding works. Together they show
    that the Trust has processes to prevent harm and spot concerns, acts to protect people, holds its services
    to account for what they do or do not do, and works in partnership with other agencies.

    In 2021/22 the team gave 429 adult safeguarding consultations, staff made 266 referrals to local authorities,
    and the Trust contributed to 31 s.42 enquiries: the most of each in the four years shown. These figures leave
    out the enquiries that local authorities delegate to the Trust under the section 75 agreements of the
    National Health Service Act 2006.

    The rise reflects more activity across all services, and shows that staff are alert to concerns about the
    people they care for. Local authorities do not always tell the Trust the outcome of an enquiry, and the
    service will take this up with them in the coming year.
""")

CHILDREN_ACTIVITY = cleandoc("""
    At the heart of the children's team's work is helping staff with their most complex cases, through consultation,
    supervision and training. It also represents the Trust in multi-agency work, and supports staff who write
    reports for the family courts or attend them: this year 13 staff were supported to write court reports, fewer
    than the year before.

    Safeguarding supervision is now offered to more services than before (see Supervision below).

    A small number of allegations were made against staff during the year, in Oxfordshire and in Swindon, and
    none in Buckinghamshire. None of them led to a formal investigation.
""")

REFERRALS = cleandoc("""
    Referrals are counted from Carenotes, so the figures depend on clinicians completing the right Carenotes
    form. Urgent care works differently and completes an incident form for each referral it makes.

    Mental health services made 63 referrals to children's social care in Oxfordshire and 85 in BSW, more than in
    the year before, while in Buckinghamshire the number stayed much the same. In community services, referrals
    have returned to their earlier level, after rising by half in 2020/21 on the year before.

    The figures assure the Board that, although ways of working changed, staff went on recognising safeguarding
    concerns and following local procedures.
""")

INCIDENTS = cleandoc("""
    Incidents identified as safeguarding concerns are passed to senior members of the safeguarding service to
    review, and the named nurses follow them up where needed. Their themes are gathered and reported to the
    Safeguarding Committee; the table shows them beside each directorate's count.

    In 2021/22 staff reported 149 safeguarding children incidents. Domestic abuse, non-accidental injury and
    referrals after dog bites stood out among them. Reporting these concerns as incidents is a good sign: it
    shows that problems are noticed and acted on.
""")

CONSULTATIONS = cleandoc("""
    The safeguarding children team gives individual advice to any member of Trust staff, by telephone on a
    dedicated consultation line or face to face, from nine to five on weekdays.

    The line took 1,427 calls in 2021/22, 351 more than in 2020/21. The rise matches the return to more usual
    ways of working as COVID-19 restrictions eased and staff saw more children and families face to face.

    Emotional abuse remained the concern behind most calls, followed by neglect and then domestic abuse, and
    calls about domestic abuse and neglect have risen steadily since lockdown. Many calls about emotional abuse
    described how hard lockdown had been for families at home: with schools closed and less support from the
    community and from friends, children's behaviour became challenging and parents struggled to manage it.

    There were 28 calls about exploitation, more than the year before: 21 of them about criminal exploitation
    and the rest about child sexual exploitation. The growth follows staff's rising concern about criminal
    exploitation; the themes of these calls are shown beside the table.
""")

TRAINING = cleandoc("""
    The service now delivers much of its training through Microsoft Teams, and staff have welcomed these
    sessions. Some courses are available as e-learning, and face-to-face sessions are starting again as COVID-19
    restrictions ease. This year the service delivered 30 safeguarding children training sessions and 26
    safeguarding adult training sessions at level 2 and level 3, well up on the year before.

    The intercollegiate documents set out the safeguarding training health care staff need: for adults, the roles
    and competencies published in August 2018, and for children and young people, the fourth edition published
    in January 2019. Training is reviewed regularly against national guidance, learning from reviews and these
    documents.

    Compliance with safeguarding training was below the Trust's target, as the table shows, after the Trust
    changed its learning and development system. During 2022/23 the service meets the Learning and Development
    team regularly to resolve data quality problems and raise completion of every course. The service takes
    part in the training groups of the safeguarding boards and partnerships, which had nothing significant to
    report this year.

    ### How well training works
    Training has been evaluated online since 2020/21, and the new learning system will ask everyone who attends
    to complete an evaluation. The level 2 course has been revised and brought up to date with current
    priorities.
    Those who attended it, for children and for adults, found it effective and said it built their confidence;
    professional curiosity stood out as a lesson. These evaluations may help explain the rise in safeguarding
    activity.
""")

SUPERVISION = cleandoc("""
    Child protection supervision comes in addition to what clinicians already have: the consultation line,
    their clinical supervision and supervision from their line manager. The team delivered 146 safeguarding children
    supervision sessions in 2021/22, fewer than in 2020/21, because the Family Nurse Partnership changed its
    model of supervision.

    The children's team supervises health visitors, school health nurses, the Family Nurse Partnership, CAMHS
    teams in Oxfordshire, Buckinghamshire and BSW, inpatient units in Swindon and Oxfordshire, the adult eating
    disorders service in Buckinghamshire, the Family Assessment and Safeguarding Service, IAPT supervisors and
    the complex needs service in Oxfordshire and Buckinghamshire, the Phoenix team, community children's nurses,
    specialist school nurses, integrated children's therapies, the bowel and bladder team, the perinatal teams
    in Oxfordshire and Buckinghamshire, and psychological therapies in Buckinghamshire.

    The adults' team gives clinical supervision to teams and individuals every four to eight weeks, and extra
    supervision on particular safeguarding issues, booked ahead or through the consultation line, when someone is
    working through something complex. During the year it:

    - held monthly sessions for community hospital staff, started after a root cause analysis, on current
      safeguarding themes and the Mental Capacity Act, including deprivation of liberty;
    - supervised the street triage team in Buckinghamshire, where a service review had found the need;
    - kept a four-weekly team supervision for the care home support service, which is well attended;
    - continued the long-standing supervision group for community development leads (district nursing team
      managers and specialist nurses), which its members rate highly;
    - supported supervision for the perinatal service in Buckinghamshire, and set up forums for the community
      mental health teams there that use a supervision approach to reflect on safeguarding;
    - offered individual sessions to staff who asked to reflect on the safeguarding side of a significant event.

    ### What practitioners said
    Supervision groups ran on Microsoft Teams throughout 2021/22, and the service audited the benefits, drawbacks
    and quality of supervising virtually; 115 practitioners responded. Their views were positive: virtual
    sessions are easier to attend, use time better, feel comfortable and safe, and keep discussion orderly. One
    called supervision a lifeline; another said larger virtual groups bring in more disciplines and make it
    easier to contribute and think critically.
""")

AUDITS = cleandoc("""
    The service's audit framework for 2021/22 took a think family approach, in line with the rest of the Trust.
    A member of the team joined the group reviewing the audits that the Trust's quality team supports, to help
    plan action wherever safeguarding practice needed to improve. The service also took part in multi-agency
    audits with the safeguarding partnerships and boards and with other health providers, and in the Trust's
    peer review programme. Learning from audits reaches staff through the newsletter, governance reports,
    training and supervision.

    ### Trust audits
    The Trust audits reviewed covered special educational needs and disabilities (SEND), safety plans in mental
    health services, the care programme approach in community mental health, and the records kept by school
    nurses, health visitors and the Family Nurse Partnership. None found safeguarding practice that needed
    action, and the service has helped clinical teams resolve the process issues they raised.

    ### The service's own audits
    The table sets out each of the service's own audits completed in the year, with what it found and the action
    taken.

    ### Multi-agency audits
    Multi-agency audits set the Trust no specific actions. Their learning confirmed what was known: that some
    groups of children are especially vulnerable, that professional curiosity matters, and that think family
    approaches must include fathers more. Training resources have been reviewed to reflect this learning, and
    supervision sessions have focused on it.

    In Oxfordshire the service supported multi-agency audits of neglect (a deep dive and a review of children in
    need), of exploitation, and of frequent attendance at the emergency department and out-of-hours services, as
    well as the county's section 11 audit. Neither of Buckinghamshire's boards asked for a multi-agency audit in
    2021/22. In BSW the children's team joins monthly MASH audits in Swindon and shares their learning directly
    with the CAMHS teams; MASH managers flag poor referrals to the senior named professional so that staff get
    feedback, and BSW's referral guidance for staff, revised this year, now serves as a good practice example. BSW
    also took part in the Bath and North East Somerset partnership's audit of young people who are victims of,
    or involved in, exploitation, as part of its review of contextual safeguarding; the outcome is not yet known.
""")

ACTIVITY = {
    "Safeguarding activity": SAFEGUARDING_ACTIVITY,
    "Adult activity": ADULT_ACTIVITY,
    "Children activity": CHILDREN_ACTIVITY,
    "Referrals to children's social care": REFERRALS,
    "Safeguarding children's incidents": INCIDENTS,
    "Consultations": CONSULTATIONS,
    "Training": TRAINING,
    "Supervision": SUPERVISION,
    "Audits": AUDITS,
}
