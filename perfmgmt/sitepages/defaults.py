"""The text every installation starts with: the accessibility statement after the GOV.UK
model statement, the privacy notice after the ICO's guidance on privacy information.

The data migration writes these as the first version of each page; the page shows them
too if its row has gone (the footer links both from every page). The performance team
changes them in the Register (Site pages). {council} and {performance team} are filled
in when the page is shown.
"""

# ruff: noqa: E501  (a paragraph a line, as the performance team sees it in the Register)

ACCESSIBILITY = """\
This accessibility statement applies to Performance, the service {council} uses to record, sign off and report how its services are performing. It covers every page of the service, including the public pages where anyone can see how the council is performing, the committee packs it produces (PDF, Word and web pages) and the spreadsheets and open data you can download from it.

This service is run by {council}. We want as many people as possible to be able to use it. For example, that means you should be able to:

- change colours, contrast levels and fonts using browser or device settings
- zoom in up to 400% without the text spilling off the screen
- navigate the whole service using just a keyboard
- navigate most of the service using speech recognition software
- listen to the service using a screen reader (including the most recent versions of JAWS, NVDA and VoiceOver)

We've also made the text in the service as simple as possible to understand.

[AbilityNet](https://mcmw.abilitynet.org.uk/) has advice on making your device easier to use if you have a disability.

## How accessible this service is

We know some parts of this service are not fully accessible:

- the Register, the administration screens the performance team uses to keep the list of indicators, targets and committees, has not been tested with screen readers or speech recognition software
- some wide tables, such as the balanced scorecard, scroll sideways on a small screen or when you zoom in, rather than fitting the screen
- spreadsheets you download show ratings in words, but some cell colours in them are not described

## Feedback and contact information

If you need information from this service in a different format, like an accessible PDF, large print, easy read, an audio recording or braille, contact {performance team}.

We'll consider your request and get back to you within 10 working days.

## Reporting accessibility problems with this service

We're always looking to improve the accessibility of this service. If you find any problems not listed on this page or think we're not meeting accessibility requirements, contact {performance team}.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the 'accessibility regulations'). If you're not happy with how we respond to your complaint, [contact the Equality Advisory and Support Service (EASS)](https://www.equalityadvisoryservice.com/).

## Technical information about this service's accessibility

{council} is committed to making its websites accessible, in accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018.

### Compliance status

This service is partially compliant with the [Web Content Accessibility Guidelines version 2.2](https://www.w3.org/TR/WCAG22/) AA standard, due to the non-compliances listed below.

## Non-accessible content

The content listed below is non-accessible for the following reasons.

### Non-compliance with the accessibility regulations

- Some wide tables scroll sideways inside the page when it is 320 pixels wide or zoomed to 400%, rather than reflowing. This fails WCAG 2.2 success criterion 1.4.10 (Reflow). The first column stays in view so that each row can be read.
- The Register (the administration screens) has not been checked against every WCAG 2.2 AA success criterion. Some of its filters and lists may not work well with a screen reader. Only the performance team uses it; if you cannot use it, the performance team can make the change for you.

We review these issues each time the service changes and plan to fix them by 31 March 2027.

### Disproportionate burden

We are not claiming disproportionate burden for any part of this service.

### Content that's not within the scope of the accessibility regulations

Committee packs that have been issued are kept exactly as they were issued, as the council's record. A problem found in an issued pack is fixed in the next pack. If you need an issued pack in a different format, contact the performance team.

## What we're doing to improve accessibility

Every page of the service is built from the GOV.UK Design System, which is tested with assistive technologies. Each change to the service is checked in a real browser with automated accessibility tests (axe-core) on the pages officers, approvers and the performance team use.

## Preparation of this accessibility statement

This statement was prepared on 1 December 2026. It was last reviewed on 1 December 2026.

This service was last tested on 1 December 2026 against the WCAG 2.2 AA standard. The test was carried out by the service's developers: automated checks on every page of the officers', approvers' and performance team's work, and checks with a keyboard and at 320 pixels wide.
"""

PRIVACY = """\
This notice explains how {council} uses your personal information when you use Performance, the service the council uses to record, sign off and report how its services are performing.

## Who we are

{council} is the data controller for the personal information in this service. You can contact the council's Data Protection Officer through the council's website or its main switchboard.

## What personal information we use

- your name, work email address and username, and your role (for example officer, approver, councillor)
- the services and indicators you are responsible for, and who you have asked to enter results for you
- the results, commentary and notes you enter, submit, sign off or correct, with the date and time of each change
- your email settings, and the notices and emails the service sends you
- when you sign in or fail to sign in, and the internet address you do it from
- your password, which is stored only in a scrambled form that cannot be turned back into the password

## Why we use it and our lawful basis

We use this information to run the council's performance management: to know who enters and signs off each result, to remind people of deadlines, to keep a record of every change, and to report performance to the council's boards and committees. Our lawful basis is that this is necessary for a task carried out in the public interest or in the exercise of official authority vested in the council (UK GDPR Article 6(1)(e)).

We record sign-ins to protect the service and the information in it from misuse.

## Who we share it with

Committee packs name the officers accountable for each indicator and include the commentary you write. They are shared with the councillors and officers on the committee, and a committee's papers may be published on the council's website.

We do not sell your information or use it for marketing. The company that hosts the service for the council processes it only on the council's instructions.

## How long we keep it

Results, commentary and the record of changes are part of the council's records of its performance and are kept in line with the council's retention schedule. Your account is removed or deactivated when you leave the council; the record of the results you entered keeps your name.

## Your rights

You have the right to ask for a copy of the information we hold about you, to have it corrected if it is wrong, and in some cases to have it deleted or its use restricted, or to object to our use of it. To ask, contact the council's Data Protection Officer. For a change to your account, contact {performance team}.

## Complaints

If you are unhappy with how we have used your information, contact the council's Data Protection Officer first. You can also complain to the [Information Commissioner's Office](https://ico.org.uk/make-a-complaint/) (ICO), Wycliffe House, Water Lane, Wilmslow, Cheshire SK9 5AF, telephone 0303 123 1113.
"""


DEFAULTS = {
    "accessibility": ("Accessibility statement for Performance", ACCESSIBILITY),
    "privacy": ("Privacy notice", PRIVACY),
}
