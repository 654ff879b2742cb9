// Keep the section when switching editions: both editions have the same heading
// ids, so the language selector's link to the other edition of this page gets
// the current fragment (#broadcasting on /conceitos/tensores/ leads to
// /en/conceitos/tensores/#broadcasting).
//
// Runs in the capture phase and stops the click there: Material's own handler
// of alternate links (on document.body) would otherwise replace the navigation
// with a URL of its own, without the fragment. The browser then follows the
// link itself, so modified clicks (new tab) keep working.
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a.md-select__link[hreflang]");
  if (!link) return;
  event.stopPropagation();
  if (!location.hash) return;
  var target = new URL(link.href, location.href);
  target.hash = location.hash;
  link.href = target.href;
}, true);
