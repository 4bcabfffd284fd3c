#!/usr/bin/env bash
# An administrative case from a new clue to a closed one, over the REST API (README "Example session").
# Needs a running service with the demo users (`npm run seed`), curl and jq.
set -euo pipefail
API=${API:-http://localhost:3000/api}

login() { curl -sf "$API/auth/login" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"Demo#2025\"}" | jq -r .accessToken; }
PROSECUTOR=$(login th.prosecutor)   # 承办检察官, 天河区院
HEAD=$(login th.head)               # 部门负责人
CHIEF=$(login th.chief)             # 检察长

call() { # call TOKEN METHOD PATH [BODY]
  curl -sf -X "$2" "$API$3" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' ${4:+-d "$4"}; }
event() { # a prosecutor's own event
  call "$PROSECUTOR" POST "/cases/$CASE/events" "$1" | jq -c '{state, version, allowedEvents}'; }
decide() { # a reserved decision: proposed by the prosecutor, reviewed by the head, decided by the chief
  local id; id=$(call "$PROSECUTOR" POST "/cases/$CASE/proposals" "$1" | jq -r .id)
  call "$HEAD" POST "/proposals/$id/review" '{"approve":true,"comment":"同意"}' > /dev/null
  call "$CHIEF" POST "/proposals/$id/decide" '{"approve":true,"comment":"同意"}' | jq -c '{status}'; }

# 1. A clue arrives (线索受理): the case starts in `clue`.
CASE=$(call "$PROSECUTOR" POST /cases '{"track":"administrative","domain":"ecology_environment",
  "title":"某河段非法排污","respondent":"某区生态环境局",
  "clue":{"source":"群众举报","receivedAt":"2026-11-02","summary":"河道排污口持续排放"}}' | jq -r .id)
echo "case $CASE"

# 2. 立案 (the chief decides), investigation, 调查终结.
decide '{"type":"FILE_CASE","payload":{},"comment":"符合立案条件"}'
event '{"type":"SERVE_FILING_DECISION","payload":{}}'
event '{"type":"CONCLUDE_INVESTIGATION","payload":{}}'

# 3. 诉前检察建议 decided by the chief, served on the agency: the 2-month reply clock starts.
decide '{"type":"DECIDE_RECOMMENDATION","payload":{"urgent":false,"rectificationPeriod":{"months":2},
  "document":{"harmFacts":"某河段排污口长期排放未经处理的生产废水，河道水体黑臭，社会公共利益受到侵害。",
    "nonPerformance":"你局对辖区水污染防治负有监督管理职责，接到举报后未依法查处。",
    "recommendations":["依法查处违法排污行为，责令停止排放；","督促责任主体修复受损河段生态环境。"]}}}'
event '{"type":"SERVE_RECOMMENDATION","payload":{}}'
call "$PROSECUTOR" GET "/cases/$CASE" | jq -c '.clocks[] | {kind, dueDate, status}'

# 4. The agency replies that it rectified; the chief terminates the case (终结).
event '{"type":"RECORD_AGENCY_REPLY","payload":{"summary":"已全面整改","rectification":"full"}}'
decide '{"type":"TERMINATE_CASE","payload":{"ground":"agency_performed_duties"}}'

# 5. Closed: the history names who did and decided what, and its seal verifies.
call "$PROSECUTOR" GET "/cases/$CASE" | jq -c '{state, outcome, version}'
call "$PROSECUTOR" GET "/cases/$CASE/history" | jq -c '.items[] | {seq, type, actor: .actor.id, stateAfter}'
call "$PROSECUTOR" GET "/cases/$CASE/audit/verify" | jq -c .
