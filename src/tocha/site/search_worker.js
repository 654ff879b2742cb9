// Tocha's search worker: Material for MkDocs' own worker (same messages, same lunr
// index, same ranking), loaded by importScripts, with these changes made around it:
//  - accents are folded on both sides, so "transferencia" finds "transferência"
//    and the reverse: the query before Material parses it, and every token that
//    lunr indexes or searches (a patched lunr.Pipeline.run, after the stop-word
//    filter, so Portuguese stop words with accents are still recognised);
//  - the index keeps only this edition's pages (the site's one index holds both);
//  - query words lose the punctuation around them ("memory." of a pasted error
//    message), stop words leave the query ("como", "how", "to", "usar"), and
//    each word is also searched as itself, not only as a prefix;
//  - a result loses score for each query word it lacks, and the pages the build
//    marks "tooling" (the project's own reference) come after every reader page;
//  - lunr's TokenSet names its nodes unambiguously (see the end of this file);
//  - imported notes are not in lunr's index but in the edition's Pagefind bundle
//    (tocha.site.search.index_notes): each query is asked of both, the wiki's
//    pages are shown as soon as lunr answers, and the notes Pagefind finds are
//    added after them (see searchNotes).
// The worker's URL says which edition: ?edition=en/ (its pages' prefix; empty for
// the default edition), &others=en/,... (the other editions' prefixes) and, when
// the edition has imported notes, &notes=1.
// Material's SETUP (0) and QUERY (2) messages are changed in place before its own
// listener, registered after this one, reads them; its RESULT (3) messages, on
// their way out (see rerank).
"use strict"

const params = new URL(self.location.href).searchParams
const edition = params.get("edition") || ""
const notes = params.get("notes") === "1"
const others = (params.get("others") || "").split(",").filter(Boolean)
const fold = text => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
const inEdition = location => edition
  ? location.startsWith(edition)
  : !others.some(prefix => location.startsWith(prefix))

addEventListener("message", event => {
  const message = event.data
  if (message.type === 0 && message.data && Array.isArray(message.data.docs)) {
    message.data.docs = message.data.docs.filter(doc => inEdition(doc.location))
    if (notes) loadNotes()  // the notes' entry, metadata and WASM load while lunr builds its index
  } else if (message.type === 2 && typeof message.data === "string") {
    const words = withoutStopWords(message.data)
    asked = { id: asked.id + 1, words }
    message.data = fold(withExactWords(words))
  }
})

// Punctuation around a word goes: "memory." and "(2)" of a pasted message would
// only match tokens that have it too (the text's "memory." does, the keywords'
// and headings' "memory" does not). Material's own query syntax stays: a leading
// + or -, a trailing * ~ ^ (with their numbers), quotes.
const trimPunctuation = word => word
  .replace(/^([+-]?)[(\[{'`]+/, "$1")
  .replace(/[.,;:!?)\]}'`]+((?:[*~^]\d*)?)$/, "$1")

// Stop words ("de", "por", "the") leave the query: lunr drops them from the index,
// but Material searches every term as a prefix ("de*"), which skips lunr's
// filters and matches "define", "dense", ... in every page. So do the words that
// only say a task is asked for ("como usar a GPU", "how to use hooks", "quero"),
// which lunr's lists lack ("como", "how" and "to" are there): the page that
// answers says what is done ("GPU", "hooks"), not "use", and a page that has
// "use" would outrank it.
const TASK_WORDS = new Set([
  "usar", "utilizar", "fazer", "quero", "preciso", "consigo", "posso",
  "use", "using", "want", "need",
])
const withoutStopWords = query => {
  const filters = [lunr.stopWordFilter, lunr.pt && lunr.pt.stopWordFilter].filter(Boolean)
  const words = query.split(/\s+/).map(trimPunctuation).filter(Boolean)
  const kept = words.filter(word => !/^[\p{L}]+$/u.test(word) || (!TASK_WORDS.has(word.toLowerCase()) &&
    filters.every(filter => filter(new lunr.Token(word.toLowerCase())) !== undefined)))
  return kept.length ? kept : words
}

// Material searches each word as a prefix ("gpu*"), and lunr adds up the scores
// of every indexed word it expands to, each weighed by its rarity: a page with
// "GPUs" (rare) outranks the page with "GPU" (common). Each plain word is also
// searched as itself, boosted (Material leaves "gpu^3" as it is): a page with
// the word itself counts EXACT_WORD + 1 times as much as one with a longer word.
const EXACT_WORD = 3
const withExactWords = words => words
  .map(word => /^[\p{L}\p{N}_.]+$/u.test(word) ? `${word}^${EXACT_WORD} ${word}` : word)
  .join(" ")

// Material answers a query with one group of results per page (its entry and
// sections), best first. Two changes to that order:
//  - A result (page or section) has its score multiplied by MISSING_WORD for
//    each word of the query it lacks (Material's own boost for the share of
//    words found is at most 5x): without it, a page with one word of a pasted
//    error message in a heading or keyword (boosted 1000x or 10000x over the
//    text) beats the section whose text holds the whole message. A one-word
//    query keeps its order; so does a word that no result has.
//  - The groups of pages the build marked "tooling" go to the end, in order.
// Material's worker calls the global postMessage: this one.
const MISSING_WORD = 0.02
const rerank = groups => {
  const missing = item => Object.values(item.terms).filter(found => !found).length
  for (const group of groups) {
    for (const item of group) item.score *= MISSING_WORD ** missing(item)
    group.sort((a, b) => b.score - a.score)
  }
  const best = group => group[0].score
  const tooling = group => group.some(item => item.tooling)
  const reader = groups.filter(group => !tooling(group)).sort((a, b) => best(b) - best(a))
  return [...reader, ...groups.filter(tooling).sort((a, b) => best(b) - best(a))]
}
const post = self.postMessage.bind(self)
self.postMessage = message => {
  const items = message && message.type === 3 && message.data && message.data.items
  if (!Array.isArray(items)) return post(message)
  message.data.items = rerank(items)
  if (!notes) return post(message)
  // Without a wiki page to show, the answer waits for the notes: Material would
  // say "no results" until they come.
  if (items.length) post(message)
  searchNotes(asked, message.data, !items.length)
}

// --- Imported notes: Pagefind -------------------------------------------------
// The last query asked (its words, stop words removed); a notes answer that
// comes back after a newer query was asked is dropped.
let asked = { id: 0, words: [] }
// The site's root, from this worker's URL (assets/javascripts/workers/).
const siteRoot = new URL("../../../", self.location.href)
let pagefind = null
let titles = null
const bundle = new URL(`${edition}pagefind/`, siteRoot)
const loadNotes = () => {
  // Each note's location and title by Pagefind's id (tocha.site.search.write_note_titles).
  titles ??= fetch(new URL("tocha-titles.json", bundle)).then(response => response.json())
  return pagefind ??= import(new URL("pagefind.js", bundle).href).then(async module => {
    // Pagefind's URLs are site paths (/en/notas/x/): the root is "/", and a
    // result's location is its URL without the leading "/", as lunr's are.
    await module.options({ baseUrl: "/", excerptLength: 24 })
    await module.init()
    return module
  })
}
// How many notes a query lists, after the wiki's pages.
const NOTES_SHOWN = 5
const escapeHtml = text => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
const ENTITIES = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }
const unescapeHtml = text => text.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (_, name) =>
  name[0] !== "#" ? ENTITIES[name.toLowerCase()]
    : String.fromCodePoint(parseInt(name.slice(name[1].toLowerCase() === "x" ? 2 : 1), name[1].toLowerCase() === "x" ? 16 : 10)))
// Pagefind's excerpt is the note's text, escaped, with <mark> around the words
// found. It is read back to text and escaped once more, with nothing but those
// marks around it: an excerpt can only ever mark.
const markedOnly = excerpt => excerpt.split(/(<\/?mark>)/)
  .map(part => /^<\/?mark>$/.test(part) ? part : escapeHtml(unescapeHtml(part.replace(/<[^>]*>/g, ""))))
  .join("")
// The notes found are posted twice: at once with their titles (from the list
// the build wrote), then with their excerpts (from Pagefind's fragments, a
// request each). `held`: the wiki's answer was not posted (it has no page);
// post it when no note is found either.
const searchNotes = async (query, answer, held) => {
  const current = () => query.id === asked.id
  const terms = Object.fromEntries(query.words.map(word => [fold(word.toLowerCase()), true]))
  // Below every wiki page's score: Material keeps the order it is given.
  const item = (location, title, text, rank) => [{ location, title: escapeHtml(title), text, score: 1 / (rank + 2), terms }]
  const show = groups => post({ type: 3, data: { ...answer, items: [...answer.items, ...groups] } })
  let results = []
  try {
    if (query.words.length) {
      const module = await loadNotes()
      if (!current()) return
      results = (await module.search(query.words.join(" "))).results.slice(0, NOTES_SHOWN)
      // A newer query was typed meanwhile: its answer counts, and loading this
      // one's fragments would hold the connections it needs.
      if (!current()) return
      const listed = await titles
      if (results.length && results.every(result => listed[result.id]))
        show(results.map((result, rank) => item(...listed[result.id], "", rank)))
      const found = await Promise.all(results.map(result => result.data()))
      if (!current()) return
      if (found.length)
        return show(found.map((data, rank) =>
          item(decodeURI(data.url).replace(/^\//, ""), data.meta.title || data.url, markedOnly(data.excerpt), rank)))
    }
  } catch (error) {
    console.error("Tocha search: the notes index failed", error)
  }
  if (current() && held && !results.length) post({ type: 3, data: answer })
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
