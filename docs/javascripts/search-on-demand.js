// Loads the search index when the reader turns to the search, not with every page.
//
// Material for MkDocs fetches search/search_index.json as each page loads (the
// one index of both editions: over a megabyte), parses it on the main thread and
// copies it into its search worker. On a phone those are the page's longest
// tasks (Lighthouse's total blocking time), paid on every page by readers who
// never search. This script runs before Material's (overrides/main.html): the
// request of the index waits until the reader reaches for the search box (points
// at it, touches it, or focuses it: a click, or Material's "/", "s", "f" keys).
// Material shows "Initializing search" meanwhile and runs the query typed so far
// once its worker is ready, as it does on a slow connection.
//
// Material 9.8 requests the index with XMLHttpRequest (open, then send): the
// send of that one request is what waits.
(function () {
  "use strict"
  var open = XMLHttpRequest.prototype.open
  var send = XMLHttpRequest.prototype.send
  var wanted = false
  var waiting = []

  function want() {
    if (wanted) return
    wanted = true
    waiting.splice(0).forEach(function (start) { start() })
  }

  function isIndex(url) {
    try {
      return /\/search\/search_index\.json$/.test(new URL(String(url), location.href).pathname)
    } catch (error) {
      return false
    }
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__tochaSearchIndex = isIndex(url)
    return open.apply(this, arguments)
  }
  XMLHttpRequest.prototype.send = function () {
    var request = this
    var args = arguments
    if (wanted || !request.__tochaSearchIndex) return send.apply(request, args)
    waiting.push(function () { send.apply(request, args) })
  }

  function inSearch(event) {
    var target = event.target
    return target instanceof Element && target.closest(".md-search, label[for='__search'], #__search") !== null
  }

  ["pointerover", "pointerdown", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) { if (inSearch(event)) want() }, { capture: true, passive: true })
  })
  // The search toggle (input#__search) checked by any other means.
  document.addEventListener("change", function (event) { if (inSearch(event)) want() }, true)
  // A link that opens the search with a query (?q=) needs the index at once.
  if (new URLSearchParams(location.search).has("q")) want()
})()
