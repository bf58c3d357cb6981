-- Row-level security looks a station's site up on every statement a station runs
-- (benchside.site_stations(): the stations WHERE site = the caller's site), and the pull starts from the
-- site's stations. On a server that holds many sites (a region: thousands of stations) that would be a
-- scan of every station's row each time; with this index it reads the caller's site only
-- (docs/scaling.md). The id is included so the lookup never touches the table.
CREATE INDEX stations_site ON benchside.stations (site, id);
