"""The site: the generator plugin (:mod:`tocha.site.plugin`) and the features it adds to each page, around the examples engine (:mod:`tocha.examples`)."""
