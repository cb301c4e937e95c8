"""Named queries: the research questions of ``queries/*.rq``, each a SPARQL file that runs
as it stands, with metadata and typed parameters in ``#+`` comment lines.

The pipeline of one request, a module each:

- :mod:`.definition`: what a named query is, and reading the directory of them
  (:func:`read_queries`);
- :mod:`.binding`: checking a request's values against the parameters and their pickers;
- :mod:`.runner`: running a query through the executor (:class:`NamedQueryRunner`), the
  one way the command line and the web workbench both use.
"""

from cyberkg.query.named.binding import Bindings, bind, choices_from_rows, short_forms
from cyberkg.query.named.definition import (TYPES, Choice, NamedQuery, Parameter, ParameterError,
                                            QueryFileError, parse_text, read_queries)
from cyberkg.query.named.runner import Answer, NamedQueryRunner

__all__ = ["TYPES", "Answer", "Bindings", "Choice", "NamedQuery", "NamedQueryRunner", "Parameter",
           "ParameterError", "QueryFileError", "bind", "choices_from_rows", "parse_text",
           "read_queries", "short_forms"]
