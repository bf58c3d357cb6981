#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A hospital system's MLLP receiver for the HL7 integration tests: the independent peer.

Every message is parsed with python-hl7 (Debian's python3-hl7), logged as one JSON line with the
fields the tests compare, and answered as --answer says: AA, AE, AR, "silent" (no ACK at all),
"stray" (an ACK for another control ID first, then the right one) or "AE-once" (AE to the first
message, AA after). Prints "ready PORT" when listening. Stops on SIGTERM.
"""
import argparse
import json
import socket
import sys
import threading

import hl7

VT, FS, CR = b"\x0b", b"\x1c", b"\x0d"


def fields(msg):
    def val(seg, f, c=None):
        try:
            s = msg.segment(seg)
            v = s[f] if c is None else s[f][0][c - 1]
            return msg.unescape(str(v))
        except Exception:
            return ""

    obx = []
    for s in msg.segments("OBX") if any(str(x[0]) == "OBX" for x in msg) else []:
        obx.append({
            "type": str(s[2]),
            "code": str(s[3][0][0]) if len(s) > 3 else "",
            "value": msg.unescape(str(s[5])) if len(s) > 5 else "",
            "unit": str(s[6][0][0]) if len(s) > 6 and str(s[6]) else "",
            "range": str(s[7]) if len(s) > 7 else "",
            "flag": str(s[8]) if len(s) > 8 else "",
            "status": str(s[11]) if len(s) > 11 else "",
        })
    return {
        "control_id": val("MSH", 10),
        "type": str(msg.segment("MSH")[9]),
        "patient": val("PID", 3, 1),
        "placer": val("OBR", 2),
        "filler": val("OBR", 3),
        "result_status": val("OBR", 25),
        "obx": obx,
        "nte": [msg.unescape(str(s[3])) for s in msg if str(s[0]) == "NTE"],
    }


def ack(msg, code, control):
    msh = msg.segment("MSH")
    return ("MSH|^~\\&|%s|%s|%s|%s|20261206000000||ACK^R01^ACK|A%s|P|2.5.1\rMSA|%s|%s\r"
            % (msh[5], msh[6], msh[3], msh[4], control, code, control)).encode()


def serve(conn, args, lock, state):
    buf = b""
    conn.settimeout(None)
    while True:
        data = conn.recv(65536)
        if not data:
            return
        buf += data
        while True:
            start = buf.find(VT)
            end = buf.find(FS + CR, start + 1)
            if start < 0 or end < 0:
                break
            raw = buf[start + 1:end]
            buf = buf[end + 2:]
            text = raw.decode("utf-8")
            msg = hl7.parse(text)
            record = fields(msg)
            control = record["control_id"]
            with lock:
                state["count"] += 1
                n = state["count"]
                args.log.write(json.dumps(record) + "\n")
                args.log.flush()
            answer = args.answer
            if answer == "AE-once":
                answer = "AE" if n == 1 else "AA"
            if answer == "silent":
                continue
            if answer == "stray":
                conn.sendall(VT + ack(msg, "AA", "NOT-" + control) + FS + CR)
                answer = "AA"
            conn.sendall(VT + ack(msg, answer, control) + FS + CR)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--answer", default="AA")
    p.add_argument("--log", type=argparse.FileType("w"), required=True)
    args = p.parse_args()
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", args.port))
    s.listen(16)
    print("ready %d" % s.getsockname()[1], flush=True)
    lock = threading.Lock()
    state = {"count": 0}
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, args, lock, state), daemon=True).start()


if __name__ == "__main__":
    sys.exit(main())
