"""The Kasvuallianssi microsite generator: content/ and templates/ in, a static site out."""
