"""The sentence pools a report is written from (data)."""

from __future__ import annotations

# --------------------------------------------------------------------------- prose pools
#
# Placeholders: {subject} ("Child Q", "Children M and N"), {children} (the subject, or "the
# children" for a sibling group), {body}, {board} ("the LSCB" / "the partnership"), {Board},
# {area}, {kind}, {start} and {end} (the period under review), {reviewer}. Each sentence is used at
# most once per report, so that a reader of the ground truth can align sentences one to one.

WHY_OLD = (
    "{body} decided to carry out a {kind} after considering the circumstances at a meeting of its "
    "serious case review subcommittee.",
    "The criteria in the statutory guidance then in force were met because abuse or neglect was "
    "known or suspected and there was cause for concern about the way in which agencies had worked "
    "together.",
    "The independent chair of {board} agreed with the subcommittee’s recommendation, and the "
    "national panel of independent experts was told of the decision.",
    "The review was asked to establish what lessons could be learnt about the way in which local "
    "professionals and organisations work individually and together to safeguard children.",
    "A {kind} is not an inquiry into how a child died or was harmed, nor into who is culpable; "
    "those are matters for the coroner and the criminal courts.",
    "The review was conducted in parallel with a police investigation, and the timetable was "
    "extended so that the criminal proceedings were not prejudiced.",
)
WHY_NEW = (
    "The case was notified to the national Child Safeguarding Practice Review Panel, and a rapid "
    "review was held within fifteen working days.",
    "The rapid review concluded that the criteria for a {kind} were met, and the national panel "
    "agreed with that decision.",
    "The safeguarding partners in {area} (the local authority, the integrated care board and the "
    "police) commissioned an independent reviewer to lead the work.",
    "The purpose of a review of this kind is not to apportion blame, but to identify improvements "
    "that are needed to safeguard and promote the well-being of children.",
    "The review was carried out alongside a criminal investigation, and its publication was "
    "delayed until the trial had concluded.",
    "The safeguarding partners agreed terms of reference which set out the questions the review "
    "should answer.",
)
METHOD_OLD = (
    "Each agency that had contact with the family provided a chronology and an individual "
    "management review analysing its involvement.",
    "The individual management reviews were written by managers who had no direct involvement in "
    "the case, and each was signed off by a senior manager of the agency concerned.",
    "A review panel of senior managers from the agencies involved met six times to oversee the "
    "work, test emerging findings and agree the recommendations.",
    "The overview author read the individual management reviews and the agency chronologies, "
    "met the authors and asked a number of follow-up questions.",
    "A half-day learning event was held for the practitioners and first-line managers who had "
    "worked with the family.",
    "The overview author, {reviewer}, is independent of the agencies involved in this case and of "
    "{body}.",
)
METHOD_NEW = (
    "The review followed a systems approach, which seeks to understand why actions and decisions "
    "made sense to practitioners at the time rather than judging them with hindsight.",
    "Each agency that had contact with the family provided a chronology and a short report "
    "analysing its involvement.",
    "A learning event was held for the practitioners and first-line managers who had worked with "
    "the family, and their contributions have shaped the findings of this report.",
    "A review panel of senior managers from the agencies involved met five times to oversee the "
    "work, test emerging findings and agree the recommendations.",
    "The reviewer, {reviewer}, read case records, met managers individually and considered "
    "relevant national research and the findings of earlier local reviews.",
    "Practitioners were open and reflective in describing their work, and the reviewer is "
    "grateful for the time they gave to the review.",
)
FAMILY_INVOLVEMENT = (
    "The reviewer wrote to the family at the start of the review to explain its purpose and to "
    "invite their views.",
    "The mother met the reviewer on two occasions and spoke openly about her experience of the "
    "services she had received.",
    "Contact with the family was delayed until the criminal proceedings had concluded, so that "
    "nothing the review did could affect them.",
    "The family’s contributions have been invaluable in understanding what help felt like from "
    "their side.",
    "Where members of the family are quoted in this report, they have agreed to the use of their "
    "words.",
    "Some members of the family chose not to take part, and the review has respected that "
    "decision.",
)
FAMILY_EXTRA = (
    "The review considered the family’s ethnicity, culture and faith, and found no evidence that "
    "these affected the way services were offered to them.",
    "The family are White British and English is their first language.",
    "To protect the privacy of {children}, this report does not give the names of the schools, "
    "health settings or teams involved.",
    "Members of the wider family lived some distance away and had little contact with the "
    "household during the period under review.",
)
AGENCY_EXTRA = (
    "Most of the contact was with universal services, and for long periods no specialist service "
    "was involved.",
    "The level of contact varied a great deal over the period, with bursts of activity after each "
    "new concern and long gaps in between.",
    "The chronology that follows is a summary; the full combined chronology ran to more than a "
    "hundred pages.",
    "Only the contacts that are significant for the findings of this review are described here.",
)
FINDING_GENERIC = (
    "Practitioners described feeling that they were working on their own, with little sense of a "
    "shared plan for {children}.",
    "Records were often detailed about what adults said, and much less detailed about what "
    "{children} were seen to do or heard to say.",
    "It is easy, with hindsight, to see a pattern that was not visible at the time, and this "
    "review has tried hard to avoid that trap.",
    "There was a tendency to accept explanations at face value without checking them against the "
    "information held by other agencies.",
    "Supervision records show that the case was discussed, but the discussions focused on tasks "
    "rather than on the cumulative picture of risk.",
    "The learning event heard that caseloads were high during this period and that several posts "
    "in the team were vacant or covered by temporary staff.",
    "Thresholds for intervention were understood differently by different agencies, which led to "
    "frustration and, at times, to concerns not being referred at all.",
    "When concerns were passed to children’s social care, the response was proportionate to the "
    "information shared, but the information shared was incomplete.",
    "Professional challenge was rare, and the escalation policy was not used at any point during "
    "the period under review.",
    "The review found examples of committed and caring practice, and these should be recognised "
    "alongside the shortcomings described here.",
    "Information was shared, but often by letter or email, and rarely in a conversation in which "
    "its meaning could be explored.",
    "Some practitioners were unsure whether they were allowed to share information without "
    "consent, and so did not share it.",
    "The review has not found that any single decision would have changed the outcome, but it has "
    "found a series of missed chances to understand what was happening.",
    "The records of several agencies use the phrase ‘no concerns’ in circumstances where the "
    "practitioner did not in fact have enough information to reach that view.",
    "Multi-agency meetings were well attended in the early stages, but attendance fell away as "
    "time went on and some meetings were cancelled.",
    "Plans tended to list the services that would be offered rather than the changes that were "
    "needed for {children}.",
    "The family’s circumstances changed frequently, and assessments struggled to keep up with "
    "those changes.",
    "A well-being check that relies on a conversation at the front door cannot give a reliable "
    "picture of a child’s life.",
    "Practitioners who knew the family well had useful knowledge that was not always sought by "
    "those making decisions.",
    "The focus on securing the parents’ engagement sometimes pushed the needs of {children} into "
    "the background.",
    "This is a familiar finding in reviews of this kind, and it shows how hard it is to keep a "
    "child in view when adults’ needs are pressing.",
    "Managers told the review that they relied on the judgement of experienced practitioners, "
    "which is reasonable, but it meant that some decisions were not tested.",
    "Electronic record systems did not always make it easy to see the history of a case, and "
    "important information was held in attached documents rather than in the records themselves.",
    "Where practitioners did escalate their concerns, they were usually right to do so, and their "
    "persistence made a difference.",
    "The language used in some records was vague, and terms such as ‘chaotic’ and ‘volatile’ were "
    "used without describing what had actually been seen.",
    "Practitioners generally had a good understanding of their own agency’s procedures, but a much "
    "weaker understanding of what other agencies could offer.",
    "Decision-making was sometimes driven by the availability of services rather than by an "
    "analysis of need.",
    "The safeguarding leads within each agency were consulted on some occasions, and their advice "
    "was sound, but it was not always followed up.",
    "The review panel agreed that these issues are not unique to this family and are likely to be "
    "found in work with other families across {area}.",
    "Several agencies had a well-developed understanding of part of the family’s life, but none "
    "had an understanding of the whole.",
    "The absence of a lead professional meant that no one was responsible for pulling the "
    "information together.",
    "Records made after home visits were often brief and did not describe the condition of the "
    "home or the interaction between parent and child.",
    "Practitioners spoke warmly of {children} and clearly cared about what happened to them.",
    "Written agreements with the family were used, but they were not always realistic, and there "
    "was little discussion of what would happen if they were not kept.",
    "Opportunities for reflective supervision were limited, and practitioners said that they "
    "valued the chance to think about the case that the learning event provided.",
    "The agencies involved have already made a number of changes as a result of their own "
    "reviews of their involvement, and these are welcomed.",
    "Referrals were sometimes made without a clear statement of what the referrer was worried "
    "about and what they hoped would happen next.",
    "Good relationships between practitioners and the family were an asset, but they could also "
    "make it harder to name concerns directly.",
    "Daily pressure on duty and assessment teams meant that the time available for each new "
    "contact was short.",
    "The review found no evidence that practitioners lacked commitment; the difficulties it "
    "describes are largely about systems and the conditions in which people work.",
    "It is important to remember that the family were also living in poverty, and that the cost "
    "of travel, food and heating affected the choices available to them.",
    "Follow-up of actions agreed at meetings was inconsistent, and minutes were sometimes "
    "circulated weeks after the meeting had taken place.",
    "An efficient flow of information between agencies depends on relationships as much as on "
    "procedures, and those relationships were weakened by frequent changes of staff.",
    "The back office systems that support referrals were not designed with multi-agency work in "
    "mind, and practitioners found workarounds of their own.",
    "Day-to-day practice was often better than the records suggest, but the records are what other "
    "practitioners relied on.",
    "A child-centred approach means asking what a decision will mean for the child, and that "
    "question was not always asked.",
    "Face-to-face contact with {children} was less frequent than the plans required.",
    "No agency had a complete, up-to-date picture of who was living in the household.",
    "The review heard that newly qualified staff were given complex cases without the level of "
    "support that the case required.",
)
QUOTES = (
    "One practitioner told the review: “I knew something wasn’t right, but I couldn’t put my "
    "finger on it, and I didn’t know who to tell.”",
    "A manager reflected that “we were always responding to the latest incident and never had "
    "time to step back”.",
    "Another practitioner said that the family were ‘always polite and always had an answer’, "
    "which made it hard to hold on to a sense of concern.",
    "<4+>A teacher said: “We saw the children every day. I wish someone had asked us what we saw.”",
    "One health practitioner described the case as “a jigsaw where everyone had a piece but nobody "
    "had the box”.",
    "A social worker told the learning event: “By the time I got to know the family, the case was "
    "being closed.”",
    "Practitioners described the pressure of ‘keeping the door open’ with parents who could "
    "withdraw their consent at any time.",
    "One participant at the learning event said that she had felt ‘reassured by the paperwork’ "
    "rather than by what she had seen.",
    "A police officer commented that “each call looked small on its own”.",
    "A family support worker said: “I thought the social worker knew. It turned out she didn’t.”",
    "One manager described the team’s approach at the time as “hoping the next visit would be "
    "better”.",
    "A school nurse said that she had ‘felt like a nuisance’ for raising the same concern again.",
)
CONCLUSION = (
    "This review has described a family who were known to many services, and children whose "
    "experience was not fully understood by any of them.",
    "The findings are not new, and they echo those of reviews carried out elsewhere; the challenge "
    "for {board} is to make sure that the learning leads to lasting change.",
    "The review is grateful to the practitioners and managers who gave their time and spoke "
    "honestly about their work.",
    "{Board} will monitor the implementation of the recommendations through its learning and "
    "improvement subgroup and will publish a progress report.",
    "The reviewer hopes that this report will be read by practitioners across {area}, and that it "
    "will help them to keep the child at the centre of their work.",
    "It is important to recognise the changes that agencies have already made since the events "
    "described here.",
)
REC_INTRO = (
    "The review makes the following recommendations to {body} and its member agencies.",
    "{Board} should ask each agency to report on its progress within six months of publication.",
    "Each recommendation is linked to one or more of the findings in the previous section.",
)
EXEC_CLOSE = (
    "The review found that practitioners worked hard to support the family, but that their work "
    "was not brought together in a way that kept {children} in view.",
    "Many of the issues identified here are familiar from national research and from other "
    "reviews, and they are not easily solved by changes to procedure alone.",
)
FRAMING = (
    "During the {season} of {year} most contact with the family was through {agency}.",
    "The {season} of {year} brought a period of greater contact with services.",
    "Little changed for the family in the {season} of {year}, and most contact with services was "
    "routine.",
    "In the {season} of {year} several agencies were in contact with the family at the same time.",
    "The events of the {season} of {year} are described in more detail because of their "
    "significance for the findings.",
)
# References back to the chronology; the date makes each one unique.
REFERENCES = (
    "The contact on {date} was a missed opportunity to {opportunity}.",
    "The decision recorded on {date} made sense at the time, given what was known, but it was not "
    "revisited when new information emerged.",
    "By {date} the pattern of {pattern} should have prompted a multi-agency discussion.",
    "What happened on {date}, when {worker} {action}, is a good example of the difficulty "
    "described in this section.",
    "Had the information recorded on {date} been shared, {other} would have been able to "
    "{opportunity}.",
    "The review has looked closely at the events of {date}, when {worker} {action}.",
    "Practitioners at the learning event agreed that the contact on {date} should have been "
    "discussed with a safeguarding lead.",
    "The significance of the contact on {date} was not recognised at the time.",
)
OPPORTUNITIES = (
    "ask {child} directly about life at home",
    "share the concern with {other}",
    "call a multi-agency meeting",
    "seek advice from a safeguarding lead",
    "look again at the family’s history as a whole",
    "check whether {adult} was receiving the support that had been agreed",
    "speak to {adult} about the impact on {child}",
)
