"""The fictional reviews behind the sample site's report links, and their reviewers (data)."""

from __future__ import annotations

from datetime import date

from tools.make_reports.model import Child, Layout, Review, Theme


def _old(**kw: object) -> Layout:
    """2012-2014 house style: Times, centred header, a bare page number."""
    base: dict[str, object] = {"header": "centre", "page_number": "{n}", "rec_label": False}
    base.update(kw)
    return Layout(**base)  # type: ignore[arg-type]


def _new(**kw: object) -> Layout:
    """Partnership house style: Helvetica, "OFFICIAL" marking, "Page n of m"."""
    base: dict[str, object] = {
        "font": "Helvetica",
        "font_size": 10.5,
        "leading": 15.0,
        "official": True,
    }
    base.update(kw)
    return Layout(**base)  # type: ignore[arg-type]


M = "the mother"
F = "the father"

REVIEWS: tuple[Review, ...] = (
    Review(
        "2012-eastmoor-child-c",
        2012,
        4,
        "Eastmoor",
        "Child C",
        (Child("Child C", "he", date(2010, 6, 10)),),
        (M,),
        ("midwife", "hv", "gp", "housing", "school", "csc", "ed"),
        (2009, 11),
        (2010, 9),
        "Child C died in September 2010, when he was three months old. At the time of his death "
        "he had been left in the care of his fourteen-year-old half-brother, referred to in this "
        "report as Sibling 1, while the mother was away from the home for several hours. The "
        "post-mortem examination did not establish a clear cause of death, and no criminal "
        "charges were brought.",
        "Child C lived with his mother and Sibling 1. The mother had moved to Eastmoor from a "
        "neighbouring county during her pregnancy after the breakdown of a relationship, and the "
        "family were placed in temporary accommodation by the housing authority. Sibling 1 "
        "attended a local secondary school, where he was known as a quiet and conscientious pupil "
        "whose attendance had begun to fall. The mother had few friends or relatives in the area "
        "and told practitioners that she relied on her older son for help with the baby.",
        (
            Theme(
                "Support for the family after the birth",
                "The mother was discharged from midwifery care ten days after the birth, and the "
                "first contact from the health visitor did not take place for a further three "
                "weeks. During that period no practitioner saw Child C, and the family’s isolation "
                "was not recognised as a risk in itself.",
            ),
            Theme(
                "The expectations placed on an older sibling",
                "Several practitioners knew that Sibling 1 often looked after his baby brother, "
                "yet "
                "none of them asked whether this was a safe or fair arrangement for a boy of "
                "fourteen. His falling attendance was treated as a matter for the school’s "
                "attendance procedures rather than as a possible sign of the pressure he was under "
                "at home.",
            ),
            Theme(
                "Families in temporary accommodation",
                "The family moved twice in four months, and each move broke the link with health "
                "services because the housing authority had no routine way of telling the health "
                "visiting team about a new address. Practitioners in housing did not see "
                "themselves as having a role in safeguarding the children they placed.",
            ),
        ),
        (
            "Eastmoor LSCB should ask the housing authority and the health visiting service to "
            "agree a protocol under which the health visitor is told within five working days when "
            "a family with a child under five is placed in, or moved between, temporary "
            "accommodation.",
            "The health visiting service should make sure that the new birth visit takes place "
            "within fourteen days of the birth for every family, including families who have moved "
            "since the booking appointment, and that any delay is reported to a manager.",
            "Children’s social care and schools should make sure that assessments consider whether "
            "older siblings are carrying caring responsibilities beyond their age, and that each "
            "young person in that position is offered a young carer’s assessment.",
            "The LSCB should include the learning from this review in its multi-agency training on "
            "neglect and on the needs of families with a new baby, and should report to the Board "
            "on attendance at that training within twelve months.",
        ),
        _old(events=40),
    ),
    Review(
        "2012-westshire-child-q",
        2012,
        6,
        "Westshire",
        "Child Q",
        (Child("Child Q", "she", date(2001, 11, 1)),),
        (M,),
        ("school", "substance", "police", "gp", "csc", "school_nurse"),
        (2009, 9),
        (2011, 3),
        "Child Q was nine years old when she was made the subject of a child protection plan in "
        "March 2011 under the category of neglect. Over the previous eighteen months neighbours "
        "had found her at home on her own on at least four occasions, sometimes late in the "
        "evening, and twice called the police. Her mother had a long history of alcohol misuse and "
        "was receiving treatment from the community alcohol service throughout the period under "
        "review.",
        "Child Q lived with her mother in a rented flat on the edge of Westshire’s county town. "
        "Her father lived abroad and had no contact with her. The mother had been drinking heavily "
        "since her late teens and had completed two detoxification programmes, each followed by a "
        "period of relapse. Child Q was described by her teachers as bright, watchful and eager to "
        "please, and she rarely spoke about her life at home.",
        (
            Theme(
                "Assessing the impact of parental alcohol misuse",
                "Each assessment of the family concentrated on the mother’s drinking and her "
                "motivation to change, and much less on what daily life was like for Child Q. "
                "Periods when the mother was abstinent were taken as evidence that the risk had "
                "reduced, even though relapse had followed each of them.",
            ),
            Theme(
                "Communication between adult treatment services and schools",
                "The alcohol service knew that the mother had relapsed on three occasions when the "
                "school did not, and the school knew that Child Q was frequently late and hungry "
                "when the alcohol service did not. Neither agency had a reason, in its own "
                "procedures, to contact the other.",
            ),
            Theme(
                "Responding to reports from neighbours",
                "The calls made by neighbours were each dealt with as a single event. Police "
                "officers who attended found Child Q safe and well, waited for the mother to "
                "return and recorded the incident, but the notifications sent to children’s social "
                "care were screened separately and were not seen together until late in 2010.",
            ),
            Theme(
                "Hearing from Child Q",
                "Child Q was seen by many professionals but spoken to alone by very few of them. "
                "When she was asked directly, she said that she worried about her mother and that "
                "she did not like being at home at night on her own.",
            ),
        ),
        (
            "The LSCB should issue practice guidance on assessing the impact of parental alcohol "
            "misuse on children, which makes clear that periods of abstinence must be weighed "
            "against the history of relapse.",
            "The community alcohol service should ask every adult client whether they care for "
            "children, record the name of each child’s school, and seek consent to share "
            "information with that school.",
            "Westshire Police and children’s social care should review how repeated notifications "
            "about the same child are identified, so that a pattern of incidents is seen as a "
            "whole rather than as separate events.",
            "Schools should make sure that a child who is regularly late, hungry or tired is "
            "spoken to on their own and that the child’s account is recorded in their own words.",
        ),
        _old(rec_label=True, events=45),
        patient=M,
    ),
    Review(
        "2012-northdale-young-person-n",
        2012,
        9,
        "Northdale",
        "Young person N",
        (Child("Young person N", "he", date(1996, 5, 1)),),
        (M,),
        ("csc", "residential", "police", "school", "camhs"),
        (2009, 6),
        (2011, 11),
        "Young person N died in November 2011 when he was struck by a car on a main road some "
        "distance from his placement. He was fifteen years old and had been reported missing by "
        "the staff of his children’s home on the previous afternoon. The driver of the car was not "
        "found to be at fault.",
        "Young person N became looked after by Northdale County Council at the age of twelve, "
        "after a period of neglect at home and a breakdown in his relationship with his mother. In "
        "the three years that followed he lived in six different placements, including two foster "
        "homes, a placement outside the county and, finally, a children’s home in the north of "
        "Northdale. He kept in touch with his mother and his younger sister, and he often spoke of "
        "wanting to return to live with them.",
        (
            Theme(
                "Placement stability",
                "Each of the six placement moves was made for a reason that made sense at the "
                "time, "
                "but taken together they left Young person N without a stable adult relationship "
                "during the most important years of his adolescence. Two of the moves were made at "
                "short notice because no longer-term placement was available.",
            ),
            Theme(
                "The response to missing episodes",
                "Young person N was reported missing thirty-one times during the period under "
                "review. Most episodes were short, and he usually returned of his own accord, "
                "which led to a sense among practitioners that his going missing was predictable "
                "and therefore less worrying.",
            ),
            Theme(
                "Return interviews and the young person’s voice",
                "Return interviews were offered after only a third of the missing episodes, and "
                "the ones that took place were carried out by staff he did not know well. He told "
                "one worker that he went missing ‘to see my mum’, but that explanation was not "
                "explored with the mother or used in care planning.",
            ),
        ),
        (
            "Northdale County Council should review its sufficiency strategy for looked after "
            "adolescents so that emergency moves are the exception, and should report to the LSCB "
            "on the number of placement moves made at less than a week’s notice.",
            "The LSCB should make sure that its runaway and missing from home protocol requires a "
            "multi-agency meeting after a third missing episode within ninety days, whatever the "
            "apparent reason for the episodes.",
            "Children’s social care should commission an independent return interview service, so "
            "that every looked after young person who has been missing is offered a conversation "
            "with a trusted adult within seventy-two hours.",
            "Care plans for looked after young people should record the young person’s own wishes "
            "about contact with their family, and show how those wishes have been weighed in "
            "decisions about placement.",
        ),
        _old(events=60),
    ),
    Review(
        "2012-kingsbridge-lowfield-baby-r",
        2012,
        11,
        "Kingsbridge and Lowfield",
        "Baby R",
        (Child("Baby R", "she", date(2010, 10, 20)),),
        (M, "the mother’s partner"),
        ("hv", "gp", "ed", "csc", "police", "housing"),
        (2010, 10),
        (2011, 8),
        "Baby R died in hospital in August 2011, at the age of ten months, from head and abdominal "
        "injuries. Her mother’s partner was later convicted of her murder. The family had moved to "
        "Kingsbridge from another part of the country four months before her death.",
        "Baby R lived with her mother, who was twenty years old, and, from the spring of 2011, "
        "with "
        "the mother’s new partner. The mother had been known to children’s services in her "
        "previous area as a teenager and had been supported by a specialist midwife during her "
        "pregnancy. The partner was not the father of Baby R; he had moved into the household "
        "shortly before the family came to Kingsbridge and Lowfield, and little was known about "
        "him by any local agency.",
        (
            Theme(
                "Transfer of health records between areas",
                "Baby R’s health records took eleven weeks to arrive from the previous area, and "
                "when they did arrive they did not include the specialist midwife’s notes about "
                "the "
                "mother’s vulnerability. The health visitor who first met the family therefore "
                "treated them as a family with no additional needs.",
            ),
            Theme(
                "Assessing new partners",
                "No agency asked who the mother’s partner was, where he had lived before or "
                "whether "
                "he had any history that might be relevant to the safety of a baby. He was present "
                "at several contacts but was described in the records only as ‘partner present’.",
            ),
            Theme(
                "Bruising and minor injuries in a baby",
                "Baby R was seen twice with bruising before her death: once by the GP and once in "
                "the emergency department. On both occasions the explanation given was accepted, "
                "and neither contact prompted a referral, although local guidance treated any "
                "bruising in a baby who was not yet fully mobile as a cause for concern.",
            ),
        ),
        (
            "The LSCB should seek assurance from health providers that the transfer of records for "
            "children under five who move into the area is completed within two weeks, and that "
            "any additional needs identified in the previous area are flagged to the receiving "
            "health visitor.",
            "Agencies should record the name and date of birth of any adult who joins a household "
            "with a baby or young child, and the LSCB should publish guidance on when checks "
            "should be made with the police and with the previous area.",
            "All health practitioners who see babies should follow the LSCB’s guidance on bruising "
            "in non-mobile children, and health providers should audit compliance with that "
            "guidance every year.",
            "Children’s social care should make sure that when a family with a history of "
            "involvement moves into the area, information from the previous local authority is "
            "requested and considered before any decision about the level of support is made.",
        ),
        _old(rec_label=True, events=35),
    ),
    Review(
        "2012-orphan",
        2012,
        2,
        None,
        "Child Z",
        (Child("Child Z", "she", date(2009, 3, 1)),),
        (M, F),
        ("nursery", "hv", "gp", "ed", "csc", "police"),
        (2010, 1),
        (2011, 6),
        "Child Z was two years old when she was admitted to hospital in June 2011 with a fractured "
        "arm and extensive bruising to her back and legs. Medical opinion was that the injuries "
        "had been inflicted on more than one occasion. Her father was later convicted of assault, "
        "and Child Z now lives with relatives.",
        "Child Z lived with her mother and father and an older brother, who was five years old. "
        "The parents had been together for several years and presented to professionals as a "
        "close and caring couple. The father worked long and irregular hours, and the mother had "
        "told her GP that she was finding it difficult to cope with two small children.",
        (
            Theme(
                "Explanations for injuries",
                "Child Z was seen by three different agencies with minor injuries in the six "
                "months "
                "before her admission to hospital. Each explanation given by the parents was "
                "plausible on its own, and none of the practitioners knew about the injuries seen "
                "by the others.",
            ),
            Theme(
                "The nursery’s concerns",
                "Nursery staff recorded changes in Child Z’s behaviour, including flinching when "
                "an "
                "adult raised an arm, but the nursery did not feel confident that these "
                "observations were enough to make a referral. The staff member who noticed them "
                "told the review that she did not want to be seen to be accusing a family who were "
                "‘so nice’.",
            ),
            Theme(
                "Fathers and male carers",
                "Almost all contact with the family was with the mother. The father was rarely "
                "seen, and no assessment considered his history, his stress at work or his role in "
                "caring for the children.",
            ),
        ),
        (
            "The LSCB should make sure that the emergency department, GP practices and the health "
            "visiting service can see when a young child has attended another health setting with "
            "an injury in the previous six months.",
            "Early years providers should receive training on recording and reporting patterns of "
            "behaviour that may indicate abuse, and the LSCB should make sure that nursery "
            "managers "
            "know how to seek advice before making a referral.",
            "Every agency should review its assessment templates so that fathers and male carers "
            "are named, seen and assessed in their own right, and the LSCB should audit a sample "
            "of assessments against this standard.",
            "The LSCB should remind practitioners, through its newsletter and training programme, "
            "that a plausible explanation for a single injury does not remove the need to consider "
            "the pattern of injuries over time.",
        ),
        _old(events=30),
    ),
    Review(
        "2014-unnamed-board-child-d",
        2014,
        12,
        None,
        "Child D",
        (Child("Child D", "she", date(2005, 12, 1)),),
        (M, F),
        ("paediatrics", "school", "gp", "csc", "ed", "school_nurse"),
        (2011, 4),
        (2013, 5),
        "Child D was seven years old when she was admitted to hospital in May 2013, severely "
        "underweight and with pressure sores that had not been treated. She has cerebral palsy and "
        "relies on adults for all of her personal care. She has since made a good recovery and "
        "now lives with foster carers who are experienced in caring for disabled children.",
        "Child D lived with her mother, her father and two younger brothers. Both parents "
        "described themselves as her main carers, and the father had given up work to look after "
        "her. The family were well known to a wide range of health and education services because "
        "of Child D’s disability, and the parents were regarded by many practitioners as "
        "knowledgeable and committed advocates for their daughter.",
        (
            Theme(
                "Reliance on the parents’ reports",
                "Much of what professionals knew about Child D’s health came from her parents "
                "rather than from direct observation. When her weight was not recorded at a clinic "
                "appointment, the parents’ assurance that she was eating well was accepted without "
                "question.",
            ),
            Theme(
                "Cancelled appointments",
                "Fourteen health appointments were cancelled or not attended in the two years "
                "before Child D’s admission to hospital. Each was rebooked, often at the parents’ "
                "request, but no professional stepped back to ask what the cancellations meant for "
                "her.",
            ),
            Theme(
                "Coordination between professionals",
                "At least eleven professionals from seven agencies were involved with Child D. "
                "Each "
                "held part of the picture, and each assumed that someone else, usually the "
                "paediatrician, was coordinating the whole.",
            ),
            Theme(
                "Child D’s voice",
                "Child D communicates using a picture board and some signs. Few of the "
                "professionals who saw her had the skills or the time to communicate with her "
                "directly, so her own experience was largely unheard.",
            ),
        ),
        (
            "The LSCB should make sure that a lead professional is named for every disabled child "
            "who has a child protection plan, and that the lead professional’s role is understood "
            "by every agency involved.",
            "Health providers should treat repeated cancellation of appointments for a disabled "
            "child as a possible safeguarding concern, and should have a clear procedure for "
            "sharing that concern with the child’s other professionals.",
            "The LSCB should commission training on communicating with disabled children who use "
            "alternative methods of communication, and should make sure that it is available to "
            "social workers, school staff and health practitioners.",
            "Assessments of disabled children should include direct observation of the child’s "
            "care, including weight and skin condition where relevant, and should not rely solely "
            "on the accounts of parents.",
        ),
        _old(header="split", page_number="Page {n}", rec_label=True, events=50),
        title_note="Prepared by the NSPCC on behalf of the Local Safeguarding Children Board",
        avoid=("comment by", "drop-in", "refused to say"),
    ),
    Review(
        "2014-northdale-young-person-s",
        2014,
        9,
        "Northdale",
        "Young person S",
        (Child("Young person S", "she", date(1997, 2, 1)),),
        (M, F),
        ("police", "csc", "school", "camhs", "sexual_health", "school_nurse"),
        (2011, 1),
        (2013, 6),
        "Between 2011 and 2013 Young person S, who was fourteen years old when the concerns first "
        "arose, was sexually exploited by a group of adult men in Northdale. She went missing from "
        "home on many occasions during this period, and she was often found in the company of "
        "older men. Five men were later convicted of offences against her and against other "
        "girls.",
        "Young person S lived with her mother, her father and two younger siblings. Her parents "
        "reported her missing each time she failed to come home and repeatedly asked the police "
        "and children’s social care for help. The family’s own efforts to protect her, including "
        "moving her to a different school, were not always recognised by the professionals "
        "working with them.",
        (
            Theme(
                "Missing episodes seen as separate incidents",
                "Young person S was reported missing on twenty-three occasions, and each report "
                "was "
                "dealt with by whichever police officer or social worker was on duty at the time. "
                "The missing reports were not brought together, so the pattern of where she went "
                "and who she was with was not seen.",
            ),
            Theme(
                "The language of ‘choice’",
                "Records described Young person S as ‘putting herself at risk’ and as ‘choosing’ "
                "to "
                "spend time with older men. This language reflected a belief that she was making "
                "her own decisions, and it obscured the fact that she was a child being groomed "
                "and "
                "controlled by adults.",
            ),
            Theme(
                "Sharing intelligence about the adults involved",
                "The police held intelligence about two of the men who were later convicted, and "
                "children’s social care held information about the addresses where Young person S "
                "was found. Neither agency had a route for bringing this information together "
                "until "
                "the exploitation team was set up in 2013.",
            ),
        ),
        (
            "Northdale LSCB should establish a multi-agency child sexual exploitation panel, "
            "meeting at least monthly, to consider children at risk of exploitation and to share "
            "intelligence about adults and locations of concern.",
            "The LSCB should commission training for practitioners in all agencies on the signs of "
            "grooming and exploitation, including the ways in which exploited children may appear "
            "to consent to what is happening to them.",
            "Northdale Police and children’s social care should review how missing episodes are "
            "recorded, so that the history of previous episodes, the places a child has been found "
            "and the people they were with are visible at every new report.",
            "The LSCB should issue guidance on the language used to describe exploited children in "
            "records and reports, so that children are not described as making choices about their "
            "own abuse.",
        ),
        _old(header="split", page_number="Page {n}", events=110),
        kind="multi-agency learning review",
    ),
    Review(
        "2014-kingsbridge-lowfield-children-x-y",
        2014,
        7,
        "Kingsbridge and Lowfield",
        "Children X and Y",
        (Child("Child X", "he", date(2008, 11, 1)), Child("Child Y", "he", date(2006, 10, 1))),
        (M, F),
        ("hv", "nursery", "school", "early_help", "csc", "gp", "housing"),
        (2010, 9),
        (2013, 2),
        "Children X and Y, two brothers aged four and six, were removed from their parents’ care "
        "in February 2013 and placed with their maternal grandparents. Social workers who visited "
        "the home found it in a very poor condition, with little food, no working heating and "
        "rubbish in every room. Both boys were significantly delayed in their speech and language "
        "and in their physical development.",
        "The brothers lived with their mother and father in a privately rented house in Lowfield. "
        "Both parents had left school without qualifications, and the father had been out of work "
        "for several years because of a back injury. The family had been known to services since "
        "the birth of Child Y, the older brother, and there had been three previous periods of "
        "involvement by children’s social care, each ending when the home conditions improved.",
        (
            Theme(
                "Becoming used to the home conditions",
                "Practitioners who visited the home regularly came to see its condition as normal "
                "for this family. Photographs taken by a new social worker in January 2013 showed "
                "conditions that had been present for years, but which had not been described in "
                "such stark terms before.",
            ),
            Theme(
                "Measuring development over time",
                "The boys’ development was checked at the routine reviews, and each check noted "
                "some delay. The checks were not compared with one another, so the growing gap "
                "between the boys and their peers was not recognised as evidence of neglect.",
            ),
            Theme(
                "Early help and stepping down",
                "Each period of involvement by children’s social care ended with a step-down to "
                "early help, and each early help plan ended when the family stopped engaging. The "
                "cycle of improvement and relapse was described in the records, but it did not "
                "lead to a different response.",
            ),
        ),
        (
            "The LSCB should adopt a neglect screening tool that is used by all agencies and "
            "provide multi-agency training on its use, including on the use of photographs and "
            "scaled scores to record home conditions over time.",
            "The health visiting and school nursing services should make sure that developmental "
            "assessments are compared with earlier assessments, and that a pattern of delay is "
            "shared with the child’s other professionals.",
            "Children’s social care should review the cases of children who have been referred "
            "three or more times in two years for neglect, so that decisions about stepping down "
            "are informed by the whole history.",
            "The LSCB should seek assurance that kinship carers who take on the care of neglected "
            "children receive an assessment of their own support needs within a month of the "
            "children’s placement.",
        ),
        _old(header="split", page_number="Page {n}", rec_label=True, events=120),
    ),
    Review(
        "2014-westshire-baby-g",
        2014,
        5,
        "Westshire",
        "Baby G",
        (Child("Baby G", "he", date(2012, 7, 25)),),
        (M, F),
        ("midwife", "hv", "gp", "csc", "police", "ed"),
        (2012, 1),
        (2012, 10),
        "Baby G died in October 2012, at the age of eleven weeks, from a head injury. His father "
        "was later convicted of manslaughter. In the weeks before his death a neighbour had twice "
        "contacted children’s social care to say that she was worried about the amount of "
        "shouting she could hear from the family’s flat.",
        "Baby G was the first child of his mother, who was nineteen, and his father, who was "
        "twenty-two. The parents did not live together during the pregnancy, but the father moved "
        "into the mother’s flat shortly after the birth. The father had spent much of his own "
        "childhood in care in another local authority area, a fact that was known to the midwife "
        "but not to any other agency.",
        (
            Theme(
                "The father’s history",
                "The pre-birth assessment focused on the mother, who was young and lived alone, "
                "and "
                "did not consider the father, who was not living with her at the time. His own "
                "experience of care, and the difficulties he had described to the midwife, were "
                "not explored.",
            ),
            Theme(
                "Concerns raised by a neighbour",
                "The neighbour’s two calls were each recorded as a contact and passed to the "
                "health "
                "visitor for information. Neither call was discussed with the family, and the "
                "health visitor did not know that the second call had been made.",
            ),
            Theme(
                "Supporting young parents",
                "Both parents were young and had limited support from their own families. Services "
                "were offered to the mother, but the father was not included in any of the support "
                "that was offered, and there was no discussion of how he was coping with a crying "
                "baby.",
            ),
        ),
        (
            "Pre-birth assessments should explore the history of both parents, including fathers "
            "who do not live with the mother, and should record whether either parent has been "
            "looked after as a child.",
            "Children’s social care should make sure that repeated contacts from members of the "
            "public about the same child are identified, discussed with a manager and followed up "
            "with the family.",
            "Westshire LSCB should promote guidance on coping with a crying baby and make sure "
            "that "
            "it is offered to fathers and male carers as well as to mothers.",
            "The LSCB should seek assurance that midwifery services share relevant information "
            "about fathers with the health visiting service at the handover of care.",
        ),
        _old(events=30),
    ),
    Review(
        "2014-eastmoor-child-f",
        2014,
        3,
        "Eastmoor",
        "Child F",
        (Child("Child F", "he", date(2004, 9, 1)),),
        (M, F),
        ("school", "police", "csc", "gp", "school_nurse", "early_help"),
        (2011, 1),
        (2013, 1),
        "Child F, who was eight years old, told a teaching assistant in January 2013 that his "
        "father had hit him with a belt. A medical examination found old and new bruises. Over the "
        "previous two years his teachers had noticed that he had become withdrawn, that his "
        "attendance had fallen and that he was frightened of getting things wrong.",
        "Child F lived with his mother and father and his younger sister. The police had been "
        "called to the home on five occasions because of arguments between the parents, and on "
        "two of those occasions the mother had injuries. The father was described by school staff "
        "as charming and articulate; the mother was rarely seen at the school.",
        (
            Theme(
                "Escalating the school’s concerns",
                "The school made two referrals to children’s social care, both of which were "
                "closed "
                "after an assessment. Staff at the school continued to be worried, but they did "
                "not "
                "know how to challenge the decision and did not use the LSCB’s escalation policy.",
            ),
            Theme(
                "Speaking to the child alone",
                "Child F was seen during both assessments, but on each occasion one of his parents "
                "was present. He was never asked, on his own and in a setting where he felt safe, "
                "what life at home was like.",
            ),
            Theme(
                "Domestic abuse and the risk to the child",
                "The domestic abuse between the parents was treated as a matter between adults. "
                "The "
                "police notifications to children’s social care were screened without reference to "
                "the school’s concerns, so the link between the violence at home and the changes "
                "in Child F’s behaviour was not made.",
            ),
        ),
        (
            "Eastmoor LSCB should make sure that schools have clear routes for escalating concerns "
            "when they disagree with a decision made by children’s social care, and that the "
            "escalation policy is included in designated safeguarding lead training.",
            "Children’s social care should make sure that every child who is the subject of an "
            "assessment is seen alone, unless there is a recorded reason why this is not "
            "possible.",
            "When a police notification about domestic abuse is screened, the screening should "
            "include information from the child’s school, so that the impact on the child can be "
            "considered.",
            "The LSCB should audit a sample of assessments closed with no further action after a "
            "referral from a school, to test whether the school’s concerns were fully addressed.",
        ),
        _old(header="split", page_number="Page {n}", rec_label=True, events=55),
    ),
    Review(
        "2016-westshire-child-h",
        2016,
        4,
        "Westshire",
        "Child H",
        (Child("Child H", "he", date(2012, 3, 1)),),
        (M,),
        ("hv", "nursery", "housing", "ed", "csc", "early_help"),
        (2013, 3),
        (2014, 7),
        "Child H died at home in July 2014, when he was two years old, from the effects of "
        "malnutrition and dehydration. His mother was later convicted of child cruelty. He had not "
        "been seen by any professional for more than three months before his death.",
        "Child H lived with his mother, who was a single parent. She had moved to Westshire from a "
        "city in the north of England in the spring of 2013, after the end of a relationship, and "
        "knew nobody in the area. She had a history of depression, for which she had been treated "
        "by her previous GP, but neither she nor Child H registered with a GP after the move.",
        (
            Theme(
                "Children not registered with a GP",
                "Because the family were not registered with a GP, there was no single place where "
                "information about Child H’s health was brought together. The health visiting "
                "service had no reliable way of knowing that a child had moved into the area.",
            ),
            Theme(
                "Absence from nursery",
                "Child H stopped attending his nursery in April 2014. The nursery sent two letters "
                "to the family address but did not tell the health visitor, because it did not "
                "regard non-attendance at a funded place as a safeguarding concern.",
            ),
            Theme(
                "Missed health visiting contacts",
                "Three health visiting contacts were missed in the year before Child H’s death. "
                "Each was recorded as ‘no access’, and the case was eventually transferred to a "
                "universal caseload with no further contact planned.",
            ),
            Theme(
                "Isolation and maternal mental health",
                "The mother’s isolation and her history of depression were known to the housing "
                "officer and, briefly, to the health visitor, but they were not seen as factors "
                "that might affect her ability to care for a young child.",
            ),
        ),
        (
            "The LSCB should set up a process for identifying and tracing children under five who "
            "move into the area and are not registered with a GP, involving health visiting, "
            "housing and early years services.",
            "Nurseries and other early years providers should report unexplained absence of more "
            "than two weeks to the child’s health visitor, and the LSCB should include this "
            "expectation in its guidance for early years settings.",
            "The health visiting service should review its ‘no access’ procedure, so that a child "
            "who has not been seen after two attempts is discussed with a safeguarding supervisor "
            "before any decision to close or transfer the case.",
            "Housing services should ask about the mental health and support networks of single "
            "parents placed in new accommodation, and should know how to refer them to local "
            "support.",
        ),
        Layout(official=True, rec_label=False, events=45),
    ),
    Review(
        "2016-anonymous-children-p-q-r",
        2016,
        10,
        None,
        "Children P, Q and R",
        (
            Child("Child P", "she", date(2000, 3, 1)),
            Child("Child Q", "she", date(2002, 6, 1)),
            Child("Child R", "she", date(2005, 1, 1)),
        ),
        (M, "the stepfather"),
        ("school", "school_nurse", "csc", "gp", "police", "housing"),
        (2011, 9),
        (2014, 5),
        "In May 2014 the eldest of three sisters, referred to here as Child P, told a school nurse "
        "that her stepfather had been sexually abusing her for several years. Her sisters, Child Q "
        "and Child R, later made similar disclosures. The stepfather was convicted of a number of "
        "serious sexual offences and was sentenced to fourteen years in prison.",
        "The girls lived with their mother and stepfather. The family moved frequently, both "
        "within the area and between areas, and the three girls had attended six schools between "
        "them in four years. The stepfather was the parent who usually attended meetings, and he "
        "was seen by many professionals as the more capable and organised of the two adults.",
        (
            Theme(
                "Reassurance from apparent cooperation",
                "The stepfather attended every meeting, returned calls promptly and was quick to "
                "agree with whatever was proposed. Professionals were reassured by this, and his "
                "cooperation became evidence in itself that the family did not need further help.",
            ),
            Theme(
                "Seeing children on their own",
                "The girls were seldom seen on their own. When they were, it was usually at school "
                "and for a specific purpose, such as a health check, rather than to talk about "
                "their lives at home.",
            ),
            Theme(
                "Indirect disclosures",
                "Child Q made several comments at school over a period of eighteen months that, "
                "with hindsight, were attempts to tell someone what was happening. They were "
                "recorded as examples of unusual or inappropriate behaviour rather than recognised "
                "as possible disclosures.",
            ),
        ),
        (
            "The LSCB should commission training for school staff on recognising indirect "
            "disclosures of sexual abuse, including comments, drawings and changes in behaviour.",
            "Children’s social care should issue guidance on seeing children alone during "
            "assessments, and on recording the reasons when this has not been possible.",
            "Schools should make sure that safeguarding records transfer promptly when a child "
            "moves school, and that the receiving school reviews the records within ten school "
            "days.",
            "The LSCB should remind practitioners that a parent’s cooperation with services does "
            "not in itself reduce the risk to children, and should include this learning in its "
            "training on sexual abuse within the family.",
        ),
        Layout(columns=2, font_size=10.0, leading=13.0, page_number="{n}", events=120),
    ),
    Review(
        "2016-harbourside-young-person-d",
        2016,
        8,
        "Harbourside",
        "Young person D",
        (Child("Young person D", "he", date(1998, 3, 1)),),
        (M,),
        ("yos", "csc", "custody", "camhs", "police", "gp"),
        (2014, 6),
        (2015, 9),
        "Young person D took his own life in September 2015, five weeks after he was released from "
        "a young offender institution. He was seventeen years old. He had been looked after by "
        "Harbourside City Council under a voluntary arrangement for two years before he was "
        "remanded in custody.",
        "Young person D grew up with his mother and two older brothers. His relationship with his "
        "mother broke down when he was fourteen, and he was accommodated by the local authority at "
        "her request. He had a long history of low mood and self-harm, and he had been assessed by "
        "the children’s mental health service when he was thirteen, but he had not taken up the "
        "support offered at the time.",
        (
            Theme(
                "Planning for release from custody",
                "Planning for Young person D’s release did not start until ten days before the "
                "date "
                "on which he was due to leave custody. As a result, there was no confirmed "
                "address, "
                "no appointment with a mental health practitioner and no agreed plan for who would "
                "meet him at the gate.",
            ),
            Theme(
                "Confusion about looked after status",
                "There was uncertainty, shared by several agencies, about whether Young person D "
                "was still a looked after child once he had been remanded and then sentenced. This "
                "uncertainty meant that nobody was clear who was responsible for his care planning "
                "on release.",
            ),
            Theme(
                "Mental health needs",
                "Young person D’s history of self-harm was recorded in the custody records and in "
                "the youth offending team’s assessments, but no specialist mental health "
                "assessment "
                "was completed before his release and none was arranged for afterwards.",
            ),
        ),
        (
            "The youth offending service and children’s social care should agree joint "
            "resettlement "
            "plans for every young person leaving custody, starting at least six weeks before the "
            "release date.",
            "Harbourside City Council should issue clear guidance on the looked after status of "
            "children who are remanded or sentenced, and on the duties that continue after their "
            "release.",
            "The children’s mental health service should make sure that every young person with a "
            "history of self-harm who is leaving custody is offered a mental health assessment "
            "within seven days of release.",
            "The LSCB should seek assurance that its partners have learnt from this review and "
            "should receive a report on the resettlement of young people from custody every six "
            "months for two years.",
        ),
        Layout(official=True, header="split", events=50),
    ),
    Review(
        "2016-northdale-baby-e",
        2016,
        11,
        "Northdale",
        "Baby E",
        (Child("Baby E", "she", date(2015, 1, 2)),),
        (M, F),
        ("midwife", "hv", "substance", "gp", "csc"),
        (2014, 5),
        (2015, 2),
        "Baby E died in February 2015, when she was six weeks old, while sleeping in the same bed "
        "as her father. A toxicology report showed that her father had taken heroin and diazepam "
        "on "
        "the evening before her death. The coroner recorded that the death was unexplained, and "
        "that co-sleeping in these circumstances was a significant risk.",
        "Baby E was the first child of her parents, who had been together for five years. Both had "
        "misused drugs for many years. During the pregnancy they were prescribed methadone by the "
        "drug treatment service and were offered additional support by a specialist midwife. They "
        "lived in a one-bedroom flat, and a cot had been provided by a local charity.",
        (
            Theme(
                "Safer sleep advice",
                "Safer sleep advice was given to the mother by the midwife before the birth and "
                "once by the health visitor after the birth. The advice was not repeated, it was "
                "not given to the father, and it did not address the particular risk of sharing a "
                "bed after taking drugs or alcohol.",
            ),
            Theme(
                "Adult services and the new baby",
                "The drug treatment service knew that the mother was pregnant, but it was not told "
                "of the birth and it did not ask. The father’s keyworker was unaware that there "
                "was "
                "a baby in the household.",
            ),
            Theme(
                "Assessment of the parents’ drug use",
                "The pre-birth assessment concluded that the parents’ drug use was stable and did "
                "not present a risk that required a child protection plan. It did not consider "
                "what "
                "would happen if either parent used drugs on top of their prescription, which both "
                "had done in the past.",
            ),
        ),
        (
            "Drug and alcohol services should ask every adult client about children in the "
            "household, including expected babies, and should share safer sleep information with "
            "every client who has a child under one.",
            "The health visiting service should make sure that safer sleep advice is given to both "
            "parents and that it is repeated at every contact during the first six months of a "
            "baby’s life.",
            "Midwifery services should notify the drug treatment service of the birth of a baby to "
            "a parent who is in treatment, with the parent’s consent, or without it where the risk "
            "to the baby justifies this.",
            "Pre-birth assessments of parents who misuse drugs should consider the risk of relapse "
            "and of use on top of prescribed medication, and should include a contingency plan "
            "for both.",
        ),
        Layout(official=True, rec_label=False, events=35),
        patient=F,
    ),
    Review(
        "2024-harbourside-young-person-e",
        2024,
        3,
        "Harbourside",
        "Young person E",
        (Child("Young person E", "she", date(2006, 9, 1)),),
        (M,),
        ("residential", "police", "csc", "school", "camhs", "sexual_health"),
        (2021, 4),
        (2023, 2),
        "Young person E was sixteen years old when, in February 2023, she told staff at her "
        "children’s home that she had been sexually exploited by two adult men over a period of "
        "eighteen months. Both men were later convicted of serious offences against her. At the "
        "time, Young person E was living in a children’s home more than a hundred miles from "
        "Harbourside.",
        "Young person E came into the care of Harbourside City Council at the age of thirteen, "
        "after her relationship with her mother broke down. She had lived in four placements "
        "before moving to the children’s home in 2021, which was chosen because no suitable "
        "placement was available nearer to home. She kept in touch with her mother and her younger "
        "brother by telephone, but visits were infrequent because of the distance.",
        (
            Theme(
                "The impact of distance",
                "Moving to a placement so far from home left Young person E isolated from her "
                "friends, her family and the professionals who knew her. She told the review that "
                "she felt ‘dumped’ and that she did not know anyone she could trust in the new "
                "area.",
            ),
            Theme(
                "Sharing information about adults who posed a risk",
                "Police in the area where Young person E was placed held information about one of "
                "the men who was later convicted. This was not shared with the children’s home "
                "until several weeks after staff first reported that she was spending time with "
                "him.",
            ),
            Theme(
                "Seeing the signs of exploitation",
                "Staff at the home recorded many of the signs of exploitation, including "
                "unexplained gifts, new phones and late returns, but these were seen as typical "
                "teenage behaviour. The home’s own risk assessment was not updated for six months.",
            ),
        ),
        (
            "Harbourside Safeguarding Children Partnership should work with neighbouring "
            "partnerships to agree a protocol for sharing intelligence about the exploitation of "
            "looked after children placed out of area, including the role of the police in both "
            "areas.",
            "Harbourside City Council should make sure that every decision to place a child more "
            "than twenty miles from home is agreed by a senior manager, and that the reasons and "
            "the plans to maintain the child’s relationships are recorded.",
            "Children’s homes used by the council should review and update each young person’s "
            "risk assessment whenever there is a missing episode or a concern about exploitation.",
            "The partnership should seek the views of young people placed out of area about the "
            "support they receive, and should use those views to shape its sufficiency strategy.",
        ),
        _new(rec_label=False, events=65),
    ),
    Review(
        "2024-kingsbridge-lowfield-child-t",
        2024,
        6,
        "Kingsbridge and Lowfield",
        "Child T",
        (Child("Child T", "he", date(2019, 4, 1)),),
        (M,),
        ("childminder", "hv", "gp", "police", "csc", "ed"),
        (2021, 5),
        (2022, 9),
        "In September 2022 Child T, who was three years old, was found by his childminder to have "
        "bruising to his face, ears and arms. A child protection medical concluded that the "
        "injuries had been caused deliberately. The mother’s partner was later convicted of "
        "causing actual bodily harm to Child T.",
        "Child T lived with his mother and, from the beginning of 2022, with his mother’s partner. "
        "The partner had previous convictions for violence against a former partner and her "
        "child, but he had not registered his new address and none of the agencies working with "
        "the family knew that he was living there. Child T attended a childminder three days a "
        "week while his mother worked.",
        (
            Theme(
                "Professional curiosity about new adults in the household",
                "Several practitioners heard references to a new partner, including from Child T "
                "himself, who talked about ‘mummy’s friend’. None asked who the partner was, "
                "whether he lived at the address or what his role was in caring for Child T.",
            ),
            Theme(
                "Police checks on new partners",
                "The partnership had no agreed expectation about when a check should be requested "
                "with the police about a new adult in a household with a young child. The health "
                "visitor told the review that she had not known that such checks were possible.",
            ),
            Theme(
                "Listening to early years providers",
                "The childminder raised a concern about a bruise on Child T’s arm in July 2022. "
                "Her "
                "call was taken as a request for advice, and she was told to monitor the "
                "situation, which left her unsure whether she had been right to call.",
            ),
        ),
        (
            "The partnership should issue practice guidance on ‘unseen men’ and on new adults in a "
            "household, and should check through audit how the guidance is used in child "
            "protection assessments.",
            "The partnership should make clear when practitioners should request a check with the "
            "police about a new adult in a household with a young child, and how such a request "
            "should be made.",
            "Children’s social care should make sure that a call from an early years provider "
            "about an injury to a child is treated as a referral unless the provider is clear "
            "that they are seeking advice only.",
            "The partnership should work with the local early years network to promote the role "
            "of childminders in safeguarding and to offer them access to multi-agency safeguarding "
            "training.",
        ),
        _new(header="split", events=40),
    ),
    Review(
        "2024-northdale-children-e-and-f",
        2024,
        9,
        "Northdale",
        "Children E and F",
        (Child("Child E", "she", date(2010, 10, 1)), Child("Child F", "she", date(2014, 9, 1))),
        (M, F),
        ("police", "school", "csc", "gp", "school_nurse", "da_service"),
        (2020, 9),
        (2023, 3),
        "Child E and Child F, two sisters who were twelve and eight years old, lived with domestic "
        "abuse between their parents for several years. In March 2023 the younger girl told a "
        "teacher that she was frightened to go home. Both girls were found to have suffered "
        "significant emotional harm, and their father has since left the family home.",
        "The girls lived with their mother and father in a village in the south of Northdale. The "
        "police had been called to the home eleven times between 2020 and 2023, usually late at "
        "night or at weekends. The mother was supported by a domestic abuse service for a period "
        "in 2021 but decided to remain in the relationship.",
        (
            Theme(
                "Notifying schools after domestic abuse incidents",
                "The partnership’s scheme for notifying schools after a police call-out operated "
                "only on weekdays during term time. Eight of the eleven call-outs took place at "
                "weekends or in the school holidays, so the girls’ schools were not told about "
                "them.",
            ),
            Theme(
                "The girls’ lived experience",
                "Records described the domestic abuse in terms of the adults’ relationship and the "
                "mother’s safety. Much less attention was paid to what the girls saw and heard, "
                "and "
                "to the effect on their sleep, their friendships and their learning.",
            ),
            Theme(
                "Support for the older sister",
                "Child E was described by her school as ‘mature’ and as a protective older sister. "
                "She told the review that she had spent many evenings looking after her younger "
                "sister while her parents argued, and that nobody had asked her how she was.",
            ),
        ),
        (
            "The partnership should extend its scheme for notifying schools after domestic abuse "
            "incidents to weekends and school holidays, and should evaluate its effect within a "
            "year.",
            "Schools should make sure that a notification about domestic abuse leads to a "
            "conversation with the child by a trusted member of staff on the next school day.",
            "Assessments where domestic abuse is a factor should describe the child’s experience "
            "in "
            "the child’s own words wherever possible, and the partnership should audit a sample of "
            "assessments against this standard.",
            "The partnership should make sure that young people who care for younger siblings "
            "during domestic abuse incidents are identified and offered support in their own "
            "right.",
        ),
        _new(rec_label=False, official=False, events=100),
    ),
    Review(
        "2024-westshire-child-u",
        2024,
        11,
        "Westshire",
        "Child U",
        (Child("Child U", "he", date(2012, 11, 1)),),
        (M, F),
        ("paediatrics", "school", "gp", "csc", "ed", "school_nurse"),
        (2021, 1),
        (2023, 4),
        "Child U died in hospital in April 2023, at the age of ten, from complications of a chest "
        "infection. He had complex health needs, including a neurological condition, epilepsy and "
        "difficulties with swallowing, and he relied on his parents for all aspects of his care. "
        "In the two years before his death he had not been brought to twenty-three hospital "
        "appointments.",
        "Child U lived with his mother, his father and his older sister. Both parents had given up "
        "work to care for him, and they described feeling exhausted and unsupported, particularly "
        "after the withdrawal of overnight respite care during the pandemic. Child U attended a "
        "special school, where staff knew him well and described a boy who loved music and the "
        "company of other children.",
        (
            Theme(
                "Hearing from disabled children directly",
                "Child U communicated through facial expression, sounds and some eye-gaze "
                "technology. Most professionals relied on his parents to interpret his wishes and "
                "feelings, and few had the time or the training to communicate with him directly.",
            ),
            Theme(
                "Missed appointments as a possible sign of neglect",
                "Missed appointments were recorded in each service as ‘did not attend’ and were "
                "rebooked. Nobody counted the total, and the language used in the records placed "
                "responsibility on Child U rather than on the adults who were expected to bring "
                "him.",
            ),
            Theme(
                "A shared plan between specialist and universal services",
                "Child U was known to at least fourteen professionals in hospital, community and "
                "education services. There was no single plan for his care, and no professional "
                "was identified as the person who held the whole picture.",
            ),
        ),
        (
            "Health providers in Westshire should agree a “was not brought” policy for disabled "
            "children and children with complex health needs, and share it with the partnership "
            "within six months.",
            "The partnership should make sure that every child with complex health needs who is "
            "known to three or more specialist services has a named lead professional and a single "
            "shared care plan.",
            "Training for practitioners working with disabled children should include "
            "communicating with children who do not use speech, and the partnership should check "
            "that this training is available across agencies.",
            "The integrated care board should review the availability of respite care for families "
            "of children with complex health needs and report its findings to the partnership.",
        ),
        _new(events=60),
        avoid=("comment by", "drop-in", "refused to say"),
    ),
    Review(
        "2025-eastmoor-child-w",
        2025,
        5,
        "Eastmoor",
        "Child W",
        (Child("Child W", "he", date(2018, 9, 1)),),
        (M,),
        ("school", "adult_mh", "gp", "csc", "early_help", "school_nurse"),
        (2022, 9),
        (2024, 1),
        "Child W, a five-year-old boy, was made the subject of a child protection plan for neglect "
        "in January 2024. For more than a year before that, his school had noticed that he was "
        "often late, that he was hungry when he arrived and that he came to school in clothing "
        "that was unsuitable for the winter weather. His mother was living with severe depression "
        "and was receiving treatment from the community mental health team.",
        "Child W lived with his mother in a flat on the first floor of a small block. His father "
        "had little contact with him. The mother had experienced periods of depression since her "
        "teens, and her illness became more severe after the death of her own mother in 2022. "
        "Child W was described by school staff as a kind and gentle boy who worried about his "
        "mother and often asked to go home early to check on her.",
        (
            Theme(
                "Focusing on the adult rather than the child",
                "The mental health services working with the mother gave her good care and kept in "
                "regular contact with her. Their records, however, contain almost nothing about "
                "Child W, and there was no discussion of how the mother’s illness was affecting "
                "his "
                "daily life.",
            ),
            Theme(
                "The child’s daily experience",
                "School staff saw Child W every day and had a clear picture of what his mornings "
                "were like. That picture was shared with early help but did not reach the mental "
                "health team, who continued to hear from the mother that her son was ‘doing fine’.",
            ),
            Theme(
                "Early help and escalation",
                "The early help plan was kept open for nine months, during which time the concerns "
                "did not reduce. The decision to refer to children’s social care was made only "
                "when "
                "a new family support worker took over and looked at the history afresh.",
            ),
        ),
        (
            "Adult mental health services should record the children of every parent they treat, "
            "and should consider and record the impact of the parent’s illness on each child at "
            "every review.",
            "The partnership should make sure that early help plans for children affected by "
            "parental mental illness are reviewed at least every three months and escalated when "
            "concerns do not reduce.",
            "Schools should be invited to contribute to reviews of parents’ mental health care "
            "where the parent consents, and the partnership should promote this through its "
            "guidance on think family practice.",
            "The partnership should include the learning from this review in its multi-agency "
            "training on neglect and on parental mental health.",
        ),
        _new(header="split", rec_label=False, events=50),
        patient=M,
    ),
    Review(
        "2025-eastmoor-young-person-k",
        2025,
        7,
        "Eastmoor",
        "Young person K",
        (Child("Young person K", "he", date(2008, 5, 1)),),
        (M,),
        ("police", "school", "csc", "yos", "youth_service", "camhs"),
        (2022, 9),
        (2023, 11),
        "Young person K, a fifteen-year-old boy, was reported missing from home eleven times "
        "during 2023. In November of that year he was found by police in another county, in a flat "
        "used for the supply of drugs, with a quantity of heroin and crack cocaine. He was "
        "initially arrested, and it was several weeks before he was recognised as a victim of "
        "criminal exploitation.",
        "Young person K lived with his mother and two younger siblings in a town in the east of "
        "Eastmoor. He had been a good attender at primary school but his attendance fell sharply "
        "after he moved to secondary school, and he was permanently excluded in the spring of "
        "2023. His mother asked for help on several occasions, telling professionals that she felt "
        "she was ‘losing him’.",
        (
            Theme(
                "Missing episodes as a sign of exploitation",
                "Each missing episode was reported and recorded, but the episodes were not "
                "considered together until after Young person K was found in another county. His "
                "absences followed a clear pattern, with longer episodes after weekends and school "
                "holidays.",
            ),
            Theme(
                "Return home interviews",
                "Return home interviews were offered after most of the missing episodes, but they "
                "were carried out by different workers each time. Young person K told the review "
                "that he ‘wasn’t going to tell a stranger anything’.",
            ),
            Theme(
                "Exclusion from school",
                "Young person K’s permanent exclusion removed the one setting in which he was seen "
                "every day. The alternative provision that was offered was part-time, and his "
                "attendance there was poor from the start.",
            ),
            Theme(
                "Safeguarding as young people approach adulthood",
                "Some practitioners described Young person K as ‘streetwise’ and as someone who "
                "knew "
                "what he was doing. This view made it harder to see him as a child in need of "
                "protection.",
            ),
        ),
        (
            "The partnership should review its missing children protocol so that repeated missing "
            "episodes prompt a multi-agency discussion about the possibility of exploitation.",
            "The partnership should make sure that police, schools and youth services share "
            "intelligence about exploitation at an early stage, including through the contextual "
            "safeguarding panel.",
            "Return home interviews should, wherever possible, be carried out by the same worker, "
            "chosen with the young person’s views in mind.",
            "The local authority should seek assurance that schools consider the risk of "
            "exploitation before a decision to exclude a pupil permanently, and that a safety plan "
            "is in place when exclusion goes ahead.",
        ),
        _new(events=110),
    ),
    Review(
        "2025-harbourside-child-a",
        2025,
        7,
        "Harbourside",
        "Child A",
        (Child("Child A", "she", date(2023, 10, 5)),),
        (M, F),
        ("midwife", "hv", "gp", "ed", "csc", "police"),
        (2023, 4),
        (2024, 2),
        "In February 2024 Child A, a four-month-old girl, was taken to hospital by her parents "
        "with a swollen leg. Investigations found a fracture of the thigh bone and older fractures "
        "to several ribs. Her father was later convicted of causing her grievous bodily harm, and "
        "she now lives with her maternal grandmother.",
        "Child A was the first child of her mother and father, who had been together for two "
        "years. The mother had a history of anxiety, and the father had been known to children’s "
        "social care as a child, although this was not known to the professionals working with "
        "the family. The father worked nights and was often asleep when professionals visited the "
        "home.",
        (
            Theme(
                "Seeing and hearing from fathers",
                "Almost every professional contact was with the mother. The father was rarely "
                "seen, "
                "and when he was present he was not asked about his own history, his mental health "
                "or how he was coping with a young baby.",
            ),
            Theme(
                "Unexplained bruising in a non-mobile baby",
                "In December 2023 the health visitor saw a small bruise on Child A’s cheek. The "
                "mother said that it had been caused by a dummy clip, and the health visitor "
                "accepted the explanation without seeking advice, although the partnership’s "
                "guidance said that any bruise in a non-mobile baby should lead to a referral.",
            ),
            Theme(
                "Sharing information before birth",
                "Midwifery services knew about the father’s history because the mother mentioned "
                "it at the booking appointment. This information was not shared with children’s "
                "social care or passed to the health visitor at the handover of care.",
            ),
        ),
        (
            "The safeguarding partnership should review its guidance on bruising in non-mobile "
            "babies and check that it is used consistently by GPs, emergency departments and "
            "health visitors.",
            "Midwifery and health visiting services should record the details of both parents and "
            "should ask both about their own history, their mental health and their support "
            "networks.",
            "The partnership should agree a standard for sharing information about parents’ "
            "histories between midwifery and children’s social care before the birth of a baby.",
            "The partnership should develop, with local fathers, a campaign to promote the role of "
            "fathers in the care of babies and to make services more welcoming to them.",
        ),
        _new(rec_label=False, events=35),
    ),
    Review(
        "2025-northdale-baby-l",
        2025,
        3,
        "Northdale",
        "Baby L",
        (Child("Baby L", "he", date(2023, 8, 20)),),
        (M, F),
        ("midwife", "hv", "housing", "gp", "police"),
        (2023, 1),
        (2023, 10),
        "Baby L died in October 2023, when he was seven weeks old, while sleeping on a sofa with "
        "his father. Both parents had been drinking alcohol on the evening before. The family were "
        "living in temporary accommodation at the time, in a single room with one double bed and "
        "no space for a cot.",
        "Baby L was the second child of his parents. His older sister was three. The family had "
        "been evicted from their previous home in the summer of 2023 because of rent arrears, and "
        "they moved into temporary accommodation two weeks before Baby L was born. Both parents "
        "had "
        "drunk heavily at times in the past, but neither was receiving treatment.",
        (
            Theme(
                "Safer sleep advice for parents who drink",
                "Safer sleep advice was given by the midwife and the health visitor, but it did "
                "not "
                "address the increased risk of sleeping with a baby after drinking alcohol. "
                "Neither "
                "practitioner asked the parents about their drinking after the birth.",
            ),
            Theme(
                "Asking about sleeping arrangements",
                "The health visitor who carried out the new birth visit did not see where Baby L "
                "slept. The record states that safer sleep was ‘discussed’, but there is no record "
                "of what was said or of the parents’ response.",
            ),
            Theme(
                "Temporary accommodation",
                "The family’s room was too small for a cot, and the housing officer who arranged "
                "the placement did not know that a baby was due. The parents told the review that "
                "they felt they had no choice but to share a bed or a sofa with their son.",
            ),
        ),
        (
            "The partnership should make sure that safer sleep conversations are recorded at every "
            "contact in the first three months of a baby’s life, including where the baby sleeps "
            "and the parents’ use of alcohol and drugs.",
            "Housing officers should receive safer sleep training, and the housing authority "
            "should "
            "make sure that no family with a baby is placed in accommodation without space for a "
            "cot.",
            "Midwifery and health visiting services should ask about alcohol use after the birth, "
            "using a recognised screening tool, and should tailor safer sleep advice to the "
            "answer.",
            "The partnership should work with the housing authority to make sure that it is told "
            "when a pregnant woman or a family with a baby is placed in temporary accommodation.",
        ),
        _new(events=30),
    ),
    Review(
        "2025-northdale-child-v",
        2025,
        8,
        "Northdale",
        "Child V",
        (Child("Child V", "she", date(2009, 11, 1)),),
        (M, F),
        ("camhs", "school", "gp", "ed", "school_nurse"),
        (2023, 3),
        (2024, 4),
        "In April 2024 Child V, a fourteen-year-old girl, was admitted to hospital after a serious "
        "act of self-harm. She had been waiting for seven months for an assessment by the "
        "children’s mental health service. Some weeks before, she had told a teacher that she felt "
        "“invisible” at home and at school.",
        "Child V lives with her mother, her father and her younger brother. Her parents describe a "
        "happy and lively girl whose mood changed over the course of 2023, after the end of a "
        "close friendship and a period of online bullying. They sought help from the GP and the "
        "school and were told that she had been referred to the mental health service and would "
        "be contacted.",
        (
            Theme(
                "Managing waiting lists",
                "Child V was placed on a waiting list in September 2023 and remained there for "
                "seven months. During that time nobody from the mental health service contacted "
                "her "
                "or her family to check how she was, and there was no route for her risk to be "
                "reassessed.",
            ),
            Theme(
                "The role of school pastoral staff",
                "School pastoral staff saw Child V regularly and were worried about her. They were "
                "not invited to contribute to planning and did not know that she was still waiting "
                "for an assessment.",
            ),
            Theme(
                "Recording the child’s own words",
                "Child V’s description of feeling “invisible” was recorded by her teacher but was "
                "not passed on. She told the review that she wanted professionals to “actually "
                "listen and then do something”.",
            ),
        ),
        (
            "The integrated care board should report to the partnership every quarter on waiting "
            "times for children’s mental health assessments, including the number of children who "
            "have waited more than eighteen weeks.",
            "The children’s mental health service should make sure that every child on its waiting "
            "list has a named professional who keeps in touch with the child and their family at "
            "least monthly.",
            "Schools should be invited to contribute to the planning for any pupil who is waiting "
            "for a mental health assessment, and the partnership should agree how this will "
            "happen.",
            "Practitioners in all agencies should record a child’s own words when the child "
            "describes how they feel, and pass them on when they make a referral.",
        ),
        _new(header="centre", page_number="{n}", events=45),
    ),
    # The two long reports: many years of chronology, more findings, six recommendations.
    Review(
        "2025-westshire-children-m-and-n",
        2025,
        4,
        "Westshire",
        "Children M and N",
        (Child("Child M", "he", date(2013, 8, 1)), Child("Child N", "he", date(2016, 11, 1))),
        (M, F),
        (
            "school",
            "gp",
            "school_nurse",
            "csc",
            "early_help",
            "ed",
            "hv",
            "dentist",
            "housing",
            "police",
        ),
        (2017, 9),
        (2023, 2),
        "In February 2023 Child N, who was then six years old, was admitted to hospital with a "
        "severe infection of his foot that had been left untreated for several weeks. Doctors also "
        "found that he and his nine-year-old brother, Child M, had extensive tooth decay, head "
        "lice "
        "and untreated eczema. Both boys were made the subject of child protection plans, and they "
        "now live with foster carers.",
        "Child M and Child N lived with their mother and father in a rented house in a market town "
        "in the west of Westshire. The family had been known to children’s services since 2017, "
        "when the health visitor first raised concerns about the condition of the home. The father "
        "had a long-term back condition and had not worked for several years; the mother worked "
        "part-time in a care home. Both parents loved their sons and were proud of them, and both "
        "told the review that they had not understood how serious the situation had become.",
        (
            Theme(
                "Drift in child in need planning",
                "The family were the subject of child in need plans on four separate occasions "
                "between 2018 and 2022. Each plan was closed when the parents had made some "
                "improvements, and each time the improvements faded within months.",
            ),
            Theme(
                "The cumulative impact of neglect",
                "Each referral was assessed on its own facts. No assessment brought together the "
                "full history of the family’s involvement with services, so the long-term harm to "
                "the boys was never set out in a single place.",
            ),
            Theme(
                "School attendance as an indicator of need",
                "Child M’s attendance fell to seventy-eight per cent in the school year 2021 to "
                "2022, and Child N’s to seventy-four per cent. The school’s attendance data was "
                "accurate and up-to-date, but it was used to manage attendance rather than to "
                "understand what was happening at home.",
            ),
            Theme(
                "Health care and missed appointments",
                "The boys were not brought to eleven dental, optician and clinic appointments "
                "between 2019 and 2022. Each service managed its own missed appointments, and none "
                "of them knew the scale of the problem across the others.",
            ),
            Theme(
                "The children’s lived experience",
                "The boys’ own experience of daily life was rarely recorded. When Child M was "
                "asked "
                "by his teacher in 2022 what he had eaten the previous evening, he said “nothing, "
                "because there wasn’t anything”, and the comment was recorded but not acted on.",
            ),
            Theme(
                "Working with parents who appeared to cooperate",
                "The parents were friendly, apologetic and quick to agree with professionals. This "
                "made it hard for practitioners to hold on to their concerns, and some described "
                "feeling that pressing further would damage a good working relationship.",
            ),
            Theme(
                "Supervision and management oversight",
                "Decisions to close the child in need plans were agreed by managers, but the "
                "records of those decisions rarely show that the history of previous closures was "
                "considered. The supervision of the allocated social workers focused on tasks and "
                "deadlines.",
            ),
            Theme(
                "Good practice",
                "There were examples of good practice throughout the period, including the school "
                "nurse’s persistent efforts to arrange dental treatment and the family support "
                "worker’s warm relationship with both boys.",
            ),
        ),
        (
            "Westshire Safeguarding Children Partnership should promote the use of a single "
            "neglect assessment tool across all agencies, with multi-agency training and a clear "
            "expectation that the tool is used at every assessment where neglect is a concern.",
            "Children’s social care should audit how decisions to close child in need plans are "
            "agreed, including whether the history of previous plans has been considered, and "
            "report the findings to the partnership.",
            "The partnership should agree how school attendance data will be shared with "
            "children’s social care and health services when a child known to services has "
            "attendance below ninety per cent.",
            "Health providers should agree a ‘was not brought’ approach for children’s "
            "appointments, so that a pattern of missed appointments across services is identified "
            "and shared.",
            "Every assessment of a child who may be experiencing neglect should include a summary "
            "of the family’s history with services and a description of the child’s daily life in "
            "the child’s own words.",
            "The partnership should review the supervision arrangements for social workers holding "
            "child in need cases, so that supervision includes reflective discussion of cumulative "
            "harm as well as case management.",
        ),
        Layout(long=True, official=True, table=True, events=520),
    ),
    Review(
        "2025-kingsbridge-lowfield-children-p-q-r",
        2025,
        8,
        "Kingsbridge and Lowfield",
        "Children P, Q and R",
        (
            Child("Child P", "she", date(2011, 12, 1)),
            Child("Child Q", "he", date(2015, 9, 1)),
            Child("Child R", "she", date(2021, 2, 1)),
        ),
        (M,),
        (
            "csc",
            "nursery",
            "school",
            "hv",
            "gp",
            "police",
            "da_service",
            "housing",
            "early_help",
            "ld_team",
        ),
        (2017, 4),
        (2023, 5),
        "In May 2023 Child P, Child Q and Child R, who were then eleven, seven and two years old, "
        "were removed from their mother’s care after staff at Child R’s nursery raised concerns "
        "about her weight, her speech and her frequent absences. All three children were found to "
        "have experienced long-term neglect and emotional abuse. They now live together with "
        "foster carers, and they see their mother regularly.",
        "The children lived with their mother, who has a learning disability. Until 2020 the "
        "household also included the mother’s former partner, the father of Child Q and Child R, "
        "who was abusive towards the mother and was convicted of assaulting her in 2019. Between "
        "2017 and 2023 the family moved between Kingsbridge and Lowfield five times, often after "
        "the loss of a tenancy, and each move brought a transfer of their case between the two "
        "local authorities.",
        (
            Theme(
                "Transferring cases between the two local authorities",
                "Each time the family moved, the receiving authority began a new assessment. "
                "Transfers took between six and fourteen weeks to complete, and in the meantime no "
                "authority was clearly responsible for the children.",
            ),
            Theme(
                "Holding the whole history",
                "Kingsbridge and Lowfield each held only part of the family’s history. No single "
                "chronology existed until this review was commissioned, and practitioners in each "
                "authority described seeing ‘a family with a few issues’ rather than children who "
                "had been neglected for years.",
            ),
            Theme(
                "Sharing the outcome of strategy discussions",
                "In 2021 Kingsbridge held a strategy discussion after Child P disclosed that her "
                "mother’s former partner had visited the house. The outcome was not shared with "
                "Lowfield when the family moved a month later, so the new social worker began her "
                "assessment without knowing about the concern.",
            ),
            Theme(
                "Adapting communication to the mother’s needs",
                "The mother’s learning disability was known to most agencies, but letters, plans "
                "and written agreements were rarely adapted for her. She told the review that she "
                "often did not understand what was expected of her and was too embarrassed to say "
                "so.",
            ),
            Theme(
                "The legacy of domestic abuse",
                "The domestic abuse the mother experienced from her former partner had a lasting "
                "effect on her confidence and on her capacity to care for the children. After he "
                "left the household, professionals tended to treat the domestic abuse as a matter "
                "that had been resolved.",
            ),
            Theme(
                "The children’s voices",
                "Child P was articulate and often spoke for her brother and sister. Her account of "
                "family life was frequently taken as the account of all three children, so the "
                "particular experiences of Child Q and Child R went unheard.",
            ),
            Theme(
                "The nursery’s role",
                "The nursery that raised the concerns in 2023 had kept careful records of Child "
                "R’s "
                "attendance, weight and development. Its referral was clear and well evidenced, "
                "and "
                "it is an example of the value of early years providers in identifying neglect.",
            ),
            Theme(
                "Housing and the family’s frequent moves",
                "Each of the family’s five moves followed a housing crisis, and each move "
                "disrupted "
                "the children’s schooling and health care. Housing services in both areas were "
                "aware of the children but did not see their role as including the children’s "
                "safety.",
            ),
        ),
        (
            "Kingsbridge and Lowfield Safeguarding Children Partnership should agree a joint "
            "protocol for transferring open cases across the boundary between the two local "
            "authorities, including timescales and a requirement that the receiving authority "
            "holds a transfer meeting within fifteen working days.",
            "The partnership should make sure that the outcome of every strategy discussion is "
            "shared with any other local authority to which the family moves within twelve months, "
            "and that this requirement is included in both authorities’ procedures.",
            "Assessments and plans for parents with learning disabilities should use accessible "
            "formats, and practitioners should check the parent’s understanding at every review "
            "meeting.",
            "The partnership should make sure that a single chronology is kept for families who "
            "move between the two local authorities, which both authorities can add to and see.",
            "Practitioners should seek the views of each child in a sibling group separately, and "
            "the partnership should audit a sample of assessments of sibling groups against this "
            "standard.",
            "Housing services in both authorities should be represented on the partnership’s "
            "neglect subgroup and should receive training on recognising and reporting neglect.",
        ),
        Layout(
            columns=2,
            long=True,
            font_size=10.5,
            leading=13.5,
            page_number="{n}",
            official=True,
            header="split",
            rec_label=False,
            events=900,
        ),
        patient=M,
    ),
)

REVIEWERS = (
    "Dr Miriam Halloway",
    "Jonathan Pryce",
    "Ann Seddon",
    "Rajesh Mistry",
    "Catherine Oduya",
    "Peter Whitlam",
    "Dr Sarah Kettle",
    "Eleanor Fitch",
)
