// Interactive charts: plotly.js draws each figure spec the page holds in a
// <script type="application/json" id="X-spec"> block into the element with id X.
// Progressive enhancement: without JavaScript (or before plotly.js arrives) the page
// shows what it always shows, a text summary and a data table, and on an indicator's
// page the SVG chart, which the interactive chart replaces.
//
// The Content-Security-Policy allows no inline script or style, so plotly.js is loaded
// from our own static files only when a page has a chart, and told not to inject its
// stylesheet: a <link id="plotly.js-style-global" class="no-inline-styles"> holds plotly's
// rules as a file (static/plotly/plotly.css), and an element with the id plotly's bundled
// MapLibre checks for stops it adding a <style> block (we draw no maps). docs/decisions.md.
(function () {
  'use strict';
  var MAPLIBRE_STYLE_ID = '9f215cf04c5486422605d13261cb87401f4e7763b6296af81e98efbc0130da53';
  var me = document.currentScript;
  var specs = document.querySelectorAll('script[type="application/json"][id$="-spec"]');
  var targets = [];
  specs.forEach(function (spec) {
    var target = document.getElementById(spec.id.slice(0, -'-spec'.length));
    if (target) { targets.push([target, spec]); }
  });
  if (!targets.length || !me) { return; }

  function add(tag, attributes) {
    var element = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { element.setAttribute(name, attributes[name]); });
    document.head.appendChild(element);
    return element;
  }

  function draw() {
    targets.forEach(function (pair) {
      var target = pair[0];
      var figure = JSON.parse(pair[1].textContent);
      target.replaceChildren();
      target.classList.add('app-plotly--drawn');
      window.Plotly.newPlot(target, figure.data, figure.layout, figure.config).then(function () {
        // The drawing repeats what the summary and table beside it say in words.
        var svg = target.querySelectorAll('svg.main-svg');
        svg.forEach(function (element) { element.setAttribute('aria-hidden', 'true'); });
      });
    });
  }

  if (!document.getElementById('plotly.js-style-global')) {
    add('link', { id: 'plotly.js-style-global', 'class': 'no-inline-styles', rel: 'stylesheet',
                  href: me.getAttribute('data-plotly-css') });
  }
  if (!document.getElementById(MAPLIBRE_STYLE_ID)) {
    add('meta', { id: MAPLIBRE_STYLE_ID, name: 'plotly-maplibre-style', content: 'not used' });
  }
  if (window.Plotly) { draw(); return; }
  var script = document.createElement('script');
  script.src = me.getAttribute('data-plotly');
  script.addEventListener('load', draw);
  document.head.appendChild(script);
})();
