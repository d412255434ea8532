// GOV.UK Frontend's "JavaScript is on" classes, set before the page is drawn so
// components do not flash. A file rather than an inline <script>: the
// Content-Security-Policy allows scripts from this server only.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
