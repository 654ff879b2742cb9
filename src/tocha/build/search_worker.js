// Tocha's search worker: Material for MkDocs' own worker (same messages, same lunr
// index, same ranking), loaded by importScripts, with these changes made around it:
//  - accents are folded on both sides, so "transferencia" finds "transferência"
//    and the reverse: the query before Material parses it, and every token that
//    lunr indexes or searches (a patched lunr.Pipeline.run, after the stop-word
//    filter, so Portuguese stop words with accents are still recognised);
//  - the index keeps only this edition's pages (the site's one index holds both);
//  - lunr's TokenSet names its nodes unambiguously (see the end of this file).
// The worker's URL says which edition: ?edition=en/ (its pages' prefix; empty for
// the default edition) and &others=en/,... (the other editions' prefixes).
// Material's SETUP (0) and QUERY (2) messages are changed in place before its own
// listener, registered after this one, reads them.
"use strict"

const params = new URL(self.location.href).searchParams
const edition = params.get("edition") || ""
const others = (params.get("others") || "").split(",").filter(Boolean)
const fold = text => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
const inEdition = location => edition
  ? location.startsWith(edition)
  : !others.some(prefix => location.startsWith(prefix))

addEventListener("message", event => {
  const message = event.data
  if (message.type === 0 && message.data && Array.isArray(message.data.docs))
    message.data.docs = message.data.docs.filter(doc => inEdition(doc.location))
  else if (message.type === 2 && typeof message.data === "string")
    message.data = fold(withoutStopWords(message.data))
})

// Stop words ("de", "por", "the") leave the query: lunr drops them from the index,
// but Material searches every term as a prefix ("de*"), which skips lunr's
// filters and matches "define", "dense", ... in every page.
const withoutStopWords = query => {
  const filters = [lunr.stopWordFilter, lunr.pt && lunr.pt.stopWordFilter].filter(Boolean)
  const words = query.split(/\s+/).filter(Boolean)
  const kept = words.filter(word => !/^[\p{L}]+$/u.test(word) ||
    filters.every(filter => filter(new lunr.Token(word.toLowerCase())) !== undefined))
  return (kept.length ? kept : words).join(" ")
}

importScripts(self.location.pathname.split("/").pop().replace(/^tocha-/, ""))

const run = lunr.Pipeline.prototype.run
lunr.Pipeline.prototype.run = function (tokens) {
  return run.call(this, tokens).map(token => token.update(fold))
}

// lunr 2.3.9 merges the nodes of its term automaton that have the same name,
// and names a node by its edges as label + child id, with nothing between: a
// node with edge "1" to node 223 and one with edges "1" to node 2 and "2" to
// node 3 are both "01223". Terms with digits (the outputs of the examples) make
// such twins, the merged automaton holds words the index does not, and a search
// that expands to one fails ("Cannot read properties of undefined (reading
// '_index')"; Material then shows no result). A ";" after each id keeps names apart.
// Not cached, as in lunr: a node's edges may still change after it is first named.
lunr.TokenSet.prototype.toString = function () {
  let name = this.final ? "1" : "0"
  for (const label of Object.keys(this.edges).sort())
    name += label + this.edges[label].id + ";"
  return name
}
