"""The page benchmark (`make bench`): the real server, the personas, the floors.

Modules by meaning: `server` starts `inprocedere serve` on the benchmark port;
`client` signs a persona in and times requests over one kept-alive connection;
`targets` picks the records the pages open (a common and a rare name, the showcase
case, ...); `pages` lists what is measured; `floors` holds the hand-written SQL each
page is compared with; `measure` runs the sequential, concurrent and query-count passes;
`report` prints the table and writes the JSON.
"""
