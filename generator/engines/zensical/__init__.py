"""The Zensical adapter: Zensical builds the frame around stub pages in a process of its own, innopub puts its pages in."""
