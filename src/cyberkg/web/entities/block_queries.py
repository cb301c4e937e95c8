"""The SPARQL of the class pages (:mod:`cyberkg.web.entities.blocks`), as data.

Each names the entity as ``{this}`` (a source document's named graph as ``{graph}``),
filled with :func:`cyberkg.web.data.reads.term`; each returns a ``?xLabel`` beside each ``?x`` a
page shows. Doubled braces are literal braces (``str.format``).
"""

# Observations are many (a synthetic country has 600): their indicators' and statuses'
# labels come from the per-build catalogue (:func:`catalogue`), not from joins per row.
OBSERVATIONS = """SELECT ?obs ?ind ?status ?value ?period ?scale ?rank ?quote WHERE {{
  ?obs sdmx-dimension:refArea {this} ; ck:indicator ?ind .
  OPTIONAL {{ ?obs ck:status ?status }}
  OPTIONAL {{ ?obs sdmx-measure:obsValue ?value }}
  OPTIONAL {{ ?obs sdmx-dimension:refPeriod ?period }}
  OPTIONAL {{ ?obs ck:scale ?scale }}
  OPTIONAL {{ ?obs ck:rank ?rank }}
  OPTIONAL {{ ?obs ck:evidence/oa:exact ?quote }}
}}"""
CONCEPTS = """SELECT ?c ?label ?code ?broader WHERE {
  ?c a skos:Concept .
  OPTIONAL { ?c skos:prefLabel ?label FILTER(LANG(?label) IN ("", "en")) }
  OPTIONAL { ?c skos:notation ?code }
  OPTIONAL { ?c skos:broader ?broader }
}"""
COUNTRIES = """SELECT ?c ?label WHERE { ?c a schema:Country ; skos:prefLabel ?label }"""
INSTRUMENTS = """SELECT ?inst ?instLabel ?acronym WHERE {
  { SELECT DISTINCT ?inst WHERE { ?any ck:instrument ?inst } }
  OPTIONAL { ?inst skos:prefLabel ?instLabel }
  OPTIONAL { ?inst skos:altLabel ?acronym }
}"""
PARTICIPATIONS = """SELECT ?inst ?part ?status ?statusLabel ?date WHERE {{
  ?part ck:party {this} ; ck:instrument ?inst .
  OPTIONAL {{ ?part ck:participationStatus ?status OPTIONAL {{ ?status skos:prefLabel ?statusLabel }} }}
  OPTIONAL {{ ?part dcterms:date ?date }}
}}"""
AGENCIES = """SELECT ?org ?orgLabel ?type ?typeLabel ?parent ?parentLabel ?code WHERE {{
  {{ ?org ck:jurisdiction {this} }}
  UNION {{ ?obs sdmx-dimension:refArea {this} ; ck:mentionsOrganization ?org .
          OPTIONAL {{ ?obs ck:indicator/skos:notation ?code }} }}
  OPTIONAL {{ ?org skos:prefLabel ?orgLabel }}
  OPTIONAL {{ ?org org:classification ?type OPTIONAL {{ ?type skos:prefLabel ?typeLabel }} }}
  OPTIONAL {{ ?org org:subOrganizationOf ?parent OPTIONAL {{ ?parent skos:prefLabel ?parentLabel }} }}
}}"""
LAWS = """SELECT ?law ?lawLabel ?status ?statusLabel ?force ?date ?work ?draft WHERE {{
  ?law eli:jurisdiction {this} .
  FILTER NOT EXISTS {{ ?law a eli:LegalResourceSubdivision }}
  OPTIONAL {{ ?law skos:prefLabel ?lawLabel }}
  OPTIONAL {{ ?law ck:lifecycleStatus ?status OPTIONAL {{ ?status skos:prefLabel ?statusLabel }} }}
  OPTIONAL {{ ?law schema:legislationLegalForce ?force }}
  OPTIONAL {{ ?law eli:date_document|eli:version_date ?date }}
  OPTIONAL {{ ?law dcterms:isVersionOf ?work }}
  BIND(EXISTS {{ ?law a eli-dl:DraftLegislationWork }} AS ?draft)
}}"""
ASSESSMENT_FIELDS = """
  OPTIONAL {{ ?a skos:prefLabel ?aLabel }}
  OPTIONAL {{ ?a ck:affectedRight ?right OPTIONAL {{ ?right skos:prefLabel ?rightLabel }} }}
  OPTIONAL {{ ?a ck:stance ?stance OPTIONAL {{ ?stance skos:prefLabel ?stanceLabel }} }}
  OPTIONAL {{ ?a prov:wasAttributedTo ?who OPTIONAL {{ ?who skos:prefLabel ?whoLabel }} }}
  OPTIONAL {{ ?a dcterms:date ?date }}
  OPTIONAL {{ ?a prov:wasDerivedFrom ?source OPTIONAL {{ ?source skos:prefLabel ?sourceLabel }} }}"""
COUNTRY_ASSESSMENTS = """SELECT ?a ?aLabel ?prov ?provLabel ?law ?lawLabel ?right ?rightLabel
       ?stance ?stanceLabel ?who ?whoLabel ?date ?source ?sourceLabel WHERE {{
  ?in eli:jurisdiction {this} .
  {{ ?prov eli:is_part_of ?in . ?a ck:assessedProvision ?prov .
     OPTIONAL {{ ?prov skos:prefLabel ?provLabel }} }}
  UNION {{ ?a ck:assessedLaw ?in . }}
  OPTIONAL {{ ?in dcterms:isVersionOf ?work }}
  BIND(COALESCE(?work, ?in) AS ?law)
  OPTIONAL {{ ?law skos:prefLabel ?lawLabel }}""" + ASSESSMENT_FIELDS + "\n}}"
VERSIONS = """SELECT DISTINCT ?ver ?verLabel ?date WHERE {{
  {{ ?ver dcterms:isVersionOf {this} }} UNION {{ {this} dcterms:hasVersion ?ver }}
  OPTIONAL {{ ?ver skos:prefLabel ?verLabel }}
  OPTIONAL {{ ?ver eli:version_date ?date }}
}}"""
PROVISIONS = """SELECT ?prov ?provLabel ?number ?desc ?in ?inLabel ?a ?aLabel ?right ?rightLabel ?stance
       ?stanceLabel ?who ?whoLabel ?date ?source ?sourceLabel WHERE {{
  {{ ?prov eli:is_part_of {this} BIND({this} AS ?in) }}
  UNION {{ ?in dcterms:isVersionOf {this} . ?prov eli:is_part_of ?in
          OPTIONAL {{ ?in skos:prefLabel ?inLabel }} }}
  OPTIONAL {{ ?prov skos:prefLabel ?provLabel }}
  OPTIONAL {{ ?prov eli:number ?number }}
  OPTIONAL {{ ?prov eli:description ?desc }}
  OPTIONAL {{ ?a ck:assessedProvision ?prov""" + ASSESSMENT_FIELDS + "\n  }}\n}}"
LAW_ASSESSMENTS = """SELECT ?a ?aLabel ?right ?rightLabel ?stance ?stanceLabel ?who ?whoLabel
       ?date ?source ?sourceLabel WHERE {{
  {{ ?a ck:assessedLaw {this} }} UNION {{ ?v dcterms:isVersionOf {this} . ?a ck:assessedLaw ?v }}""" \
    + ASSESSMENT_FIELDS + "\n}}"
EVENTS = """SELECT ?e ?type ?typeLabel ?date ?note ?source ?sourceLabel ?sourceUrl WHERE {{
  ?e eli-dl:forwards {this} ; dcterms:date ?date .
  OPTIONAL {{ ?e eli-dl:had_activity_type ?type OPTIONAL {{ ?type skos:prefLabel ?typeLabel }} }}
  OPTIONAL {{ ?e skos:editorialNote ?note }}
  OPTIONAL {{ ?e prov:wasDerivedFrom ?source OPTIONAL {{ ?source skos:prefLabel ?sourceLabel }}
             OPTIONAL {{ ?source dcterms:source ?sourceUrl }} }}
}}"""
PARTIES = """SELECT ?part ?c ?cLabel ?status ?statusLabel ?date WHERE {{
  ?part ck:instrument {this} ; ck:party ?c .
  OPTIONAL {{ ?c skos:prefLabel ?cLabel }}
  OPTIONAL {{ ?part ck:participationStatus ?status OPTIONAL {{ ?status skos:prefLabel ?statusLabel }} }}
  OPTIONAL {{ ?part dcterms:date ?date }}
}} ORDER BY ?cLabel"""
PROVISION_CONTEXT = """SELECT ?in ?inLabel ?work ?workLabel ?jur ?jurLabel WHERE {{
  {this} eli:is_part_of ?in .
  OPTIONAL {{ ?in skos:prefLabel ?inLabel }}
  OPTIONAL {{ ?in dcterms:isVersionOf ?work OPTIONAL {{ ?work skos:prefLabel ?workLabel }} }}
  OPTIONAL {{ ?in eli:jurisdiction ?jur OPTIONAL {{ ?jur skos:prefLabel ?jurLabel }} }}
}}"""
PROVISION_ASSESSMENTS = """SELECT ?a ?aLabel ?right ?rightLabel ?stance ?stanceLabel ?who ?whoLabel
       ?date ?quote ?source ?sourceLabel WHERE {{
  ?a ck:assessedProvision {this} .
  OPTIONAL {{ ?a ck:evidence/oa:exact ?quote }}""" \
    + ASSESSMENT_FIELDS + "\n}}"
ASSESSMENT_CONTEXT = """SELECT ?prov ?in ?inLabel ?work ?workLabel ?jur ?jurLabel ?desc ?other
       ?otherLabel WHERE {{
  {this} ck:assessedProvision|ck:assessedLaw ?prov .
  OPTIONAL {{ ?prov eli:description ?desc }}
  OPTIONAL {{ ?prov eli:is_part_of ?in OPTIONAL {{ ?in skos:prefLabel ?inLabel }}
             OPTIONAL {{ ?in dcterms:isVersionOf ?work OPTIONAL {{ ?work skos:prefLabel ?workLabel }} }}
             OPTIONAL {{ ?in eli:jurisdiction ?jur OPTIONAL {{ ?jur skos:prefLabel ?jurLabel }} }} }}
  OPTIONAL {{ ?other ck:assessedProvision|ck:assessedLaw ?prov FILTER(?other != {this})
             OPTIONAL {{ ?other skos:prefLabel ?otherLabel }} }}
}}"""
ORGANISATION = """SELECT ?kind ?x ?xLabel ?y ?yLabel WHERE {{
  {{ {this} org:subOrganizationOf ?x BIND("parent" AS ?kind)
     OPTIONAL {{ ?x org:subOrganizationOf ?y OPTIONAL {{ ?y skos:prefLabel ?yLabel }} }} }}
  UNION {{ ?x org:subOrganizationOf {this} BIND("unit" AS ?kind) }}
  UNION {{ ?x eli:responsibility_of {this} BIND("responsible" AS ?kind)
          OPTIONAL {{ ?x ck:lifecycleStatus ?y OPTIONAL {{ ?y skos:prefLabel ?yLabel }} }} }}
  UNION {{ ?x prov:wasAttributedTo {this} ; a ck:Assessment BIND("assessment" AS ?kind) }}
  UNION {{ ?x dcterms:publisher {this} BIND("published" AS ?kind) }}
  UNION {{ ?x org:memberOf {this} BIND("member" AS ?kind) }}
  UNION {{ ?o ck:mentionsOrganization {this} ; sdmx-dimension:refArea ?x ; ck:indicator ?y
          BIND("mentioned" AS ?kind) OPTIONAL {{ ?y skos:notation ?yLabel }} }}
  OPTIONAL {{ ?x skos:prefLabel ?xLabel }}
}}"""
RIGHT_GUARANTEES = """SELECT ?art ?artLabel ?number ?inst ?instLabel WHERE {{
  {this} ck:guaranteedBy ?art .
  OPTIONAL {{ ?art skos:prefLabel ?artLabel }}
  OPTIONAL {{ ?art eli:number ?number }}
  OPTIONAL {{ ?art eli:is_part_of ?inst OPTIONAL {{ ?inst skos:prefLabel ?instLabel }} }}
}}"""
RIGHT_ASSESSMENTS = """SELECT ?a ?aLabel ?prov ?provLabel ?law ?lawLabel ?jur ?jurLabel ?stance
       ?stanceLabel ?who ?whoLabel ?date ?source ?sourceLabel ?right WHERE {{
  ?a ck:affectedRight {this} .
  {{ ?a ck:assessedProvision ?prov . ?prov eli:is_part_of ?in .
     OPTIONAL {{ ?prov skos:prefLabel ?provLabel }} }}
  UNION {{ ?a ck:assessedLaw ?in }}
  OPTIONAL {{ ?in dcterms:isVersionOf ?work }}
  BIND(COALESCE(?work, ?in) AS ?law)
  OPTIONAL {{ ?law skos:prefLabel ?lawLabel }}
  OPTIONAL {{ ?in eli:jurisdiction ?jur OPTIONAL {{ ?jur skos:prefLabel ?jurLabel }} }}""" \
    + ASSESSMENT_FIELDS + "\n}}"
INDICATOR = """SELECT ?obs ?c ?status ?value ?period WHERE {{
  ?obs ck:indicator {this} ; sdmx-dimension:refArea ?c .
  OPTIONAL {{ ?obs ck:status ?status }}
  OPTIONAL {{ ?obs sdmx-measure:obsValue ?value }}
  OPTIONAL {{ ?obs sdmx-dimension:refPeriod ?period }}
}} LIMIT 20000"""
NARROWER = """SELECT ?n ?nLabel ?code WHERE {{
  ?n skos:broader {this} . OPTIONAL {{ ?n skos:prefLabel ?nLabel }} OPTIONAL {{ ?n skos:notation ?code }}
}}"""
GRAPH_CLASSES = """SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH {graph} {{ ?s a ?t }} }}
GROUP BY ?t ORDER BY DESC(?n)"""
GRAPH_ENTITIES = """SELECT ?s ?sLabel ?t WHERE {{
  GRAPH {graph} {{ ?s a ?t FILTER(isIRI(?s)) }} OPTIONAL {{ ?s skos:prefLabel ?sLabel }}
}} LIMIT {limit}"""
GRAPH_OTHERS = """SELECT ?s ?sLabel (COUNT(*) AS ?n) WHERE {{
  GRAPH {graph} {{ ?s ?p ?o FILTER(isIRI(?s)) FILTER NOT EXISTS {{ ?s a ?t }} }}
  OPTIONAL {{ ?s skos:prefLabel ?sLabel }}
}} GROUP BY ?s ?sLabel ORDER BY DESC(?n) LIMIT 100"""
