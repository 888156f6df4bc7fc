#!/usr/bin/env bash
# PFX import latency on the running local stack (./stack up), with OpenSSL on the administrator's and the devices'
# side: N PFX files made by `openssl pkcs12 -export`, their passwords RSA-OAEP-encrypted by `openssl pkeyutl`
# (SHA-512 for OAEP and MGF1, as Windows CNG and the Intune PowerShell module do), imported through the Graph API
# for a user with D enrolled devices. Measured per import:
#   - the POST /beta/deviceManagement/userPfxCertificates round trip (decrypt, open and check the PFX, store),
#   - from the POST until every device's inbox holds its copy (fan-out: re-encrypted per device, via Kafka).
# Then one more device enrols and the time until all N reach it is measured. Inboxes are polled every 20 ms.
#
#   bench/pfx-import-latency.sh [--count N] [--devices D] [--out DIR]   (defaults: 10, 2, target/bench/pfx-import-<time>)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNT=10
DEVICES=2
OUT=""
while (($#)); do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --devices) DEVICES=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$COUNT" =~ ^[1-9][0-9]*$ && "$DEVICES" =~ ^[1-9][0-9]*$ ]] || { echo "--count and --devices must be positive integers" >&2; exit 2; }
OUT="${OUT:-$ROOT/target/bench/pfx-import-$(date +%Y%m%dT%H%M%S)}"
mkdir -p "$OUT"
for port in 8080 8083 8084; do
  curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { echo "the stack is not ready: ./stack up" >&2; exit 1; }
done
intake=http://127.0.0.1:8080 pfximport=http://127.0.0.1:8083 notifier=http://127.0.0.1:8084
tenant=bench-pfx-$RANDOM user="user-$RANDOM$RANDOM"
upn="$user@contoso.example"
admin=$("$ROOT/stack" token --role admin --tenant "$tenant")
A=(-fsS -H "Authorization: Bearer $admin" -H "Content-Type: application/json")
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

enroll() { # enroll DEVICE_ID: a management key pair made by OpenSSL, the device registered for the user
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/$1.key" 2>/dev/null
  openssl pkey -in "$OUT/$1.key" -pubout -out "$OUT/$1.pub"
  python3 - "$1" "$user" "$upn" "$OUT/$1.pub" >"$OUT/$1.json" <<'PY'
import json, sys
print(json.dumps({"deviceId": sys.argv[1], "platform": "windows10", "userId": sys.argv[2],
                  "userPrincipalName": sys.argv[3], "managementPublicKey": open(sys.argv[4]).read()}))
PY
  curl "${A[@]}" -X POST "$intake/v1/devices" -d @"$OUT/$1.json" >/dev/null
  "$ROOT/stack" token --role device --device "$1" --tenant "$tenant" >"$OUT/$1.token"
}

delivered() { # delivered DEVICE_ID: the thumbprints of the importedPfx items in its inbox, one per line
  curl -fsS -H "Authorization: Bearer $(cat "$OUT/$1.token")" "$notifier/v1/devices/$1/deliveries?limit=500" 2>/dev/null \
    | python3 -c 'import json,sys; [print(i["thumbprint"]) for i in json.load(sys.stdin)["items"] if i["kind"]=="importedPfx"]' || true
}

devices=()
for ((d = 1; d <= DEVICES; d++)); do devices+=("pfx-bench-$RANDOM$RANDOM"); enroll "${devices[-1]}"; done
curl "${A[@]}" -X POST "$pfximport/v1/pfx-import/keys" -d '{"providerName":"bench","keyName":"bench"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["publicKey"])' >"$OUT/import.pub"
# pfx-import learns the user from the devices' enrolment events; wait until it knows them.
for ((i = 0; i < 300; i++)); do
  curl -fs -o /dev/null -H "Authorization: Bearer $admin" "$pfximport/beta/deviceManagement/userPfxCertificates" && break
  sleep 0.1
done

echo "import_ms,delivered_all_ms" >"$OUT/imports.csv"
thumbs=()
for ((n = 1; n <= COUNT; n++)); do
  openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=$user $n/emailAddress=$upn" \
    -addext "extendedKeyUsage=emailProtection" -keyout "$OUT/$n.key" -out "$OUT/$n.crt" 2>/dev/null
  printf 'bench-password-%s' "$n" >"$OUT/$n.pass"
  openssl pkcs12 -export -inkey "$OUT/$n.key" -in "$OUT/$n.crt" -passout file:"$OUT/$n.pass" -out "$OUT/$n.pfx"
  openssl pkeyutl -encrypt -pubin -inkey "$OUT/import.pub" -in "$OUT/$n.pass" -out "$OUT/$n.enc" \
    -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha512 -pkeyopt rsa_mgf1_md:sha512
  thumb=$(openssl x509 -in "$OUT/$n.crt" -noout -fingerprint -sha1 | sed 's/.*=//; s/://g')
  thumbs+=("$thumb")
  python3 - "$upn" "$OUT/$n.pfx" "$OUT/$n.enc" >"$OUT/$n.body" <<'PY'
import base64, json, sys
print(json.dumps({"@odata.type": "#microsoft.graph.userPFXCertificate", "intendedPurpose": "smimeEncryption",
                  "userPrincipalName": sys.argv[1], "providerName": "bench", "keyName": "bench",
                  "paddingScheme": "oaepSha512",
                  "encryptedPfxBlob": base64.b64encode(open(sys.argv[2], "rb").read()).decode(),
                  "encryptedPfxPassword": base64.b64encode(open(sys.argv[3], "rb").read()).decode()}))
PY
  for ((i = 0; i < 300; i++)); do # until pfx-import has read the user's enrolments (unknown-user before)
    t0=$(now_ms)
    status=$(curl -s -o "$OUT/$n.created" -w '%{http_code}' -H "Authorization: Bearer $admin" \
      -H "Content-Type: application/json" -X POST "$pfximport/beta/deviceManagement/userPfxCertificates" -d @"$OUT/$n.body")
    t1=$(now_ms)
    [[ "$status" == 201 ]] && break
    grep -q unknown-user "$OUT/$n.created" || { echo "import $n: HTTP $status $(cat "$OUT/$n.created")" >&2; exit 1; }
    sleep 0.1
  done
  [[ "$status" == 201 ]] || { echo "import $n: pfx-import never learnt the user" >&2; exit 1; }
  deadline=$((t0 + 30000))
  for dev in "${devices[@]}"; do
    until delivered "$dev" | grep -qx "$thumb"; do
      (( $(now_ms) < deadline )) || { echo "import $n did not reach $dev within 30 s" >&2; exit 1; }
      sleep 0.02
    done
  done
  echo "$((t1 - t0)),$(( $(now_ms) - t0 ))" >>"$OUT/imports.csv"
done

late="pfx-bench-late-$RANDOM$RANDOM"
t0=$(now_ms)
enroll "$late"
until (( $(delivered "$late" | sort -u | grep -cxF -f <(printf '%s\n' "${thumbs[@]}")) == COUNT )); do
  (( $(now_ms) < t0 + 60000 )) || { echo "the late device did not get all $COUNT within 60 s" >&2; exit 1; }
  sleep 0.02
done
late_ms=$(( $(now_ms) - t0 ))

# One delivery opened the way a device does, as a check that what was timed is right.
dev=${devices[0]}
curl -fsS -H "Authorization: Bearer $(cat "$OUT/$dev.token")" "$notifier/v1/devices/$dev/deliveries?limit=500" \
  | python3 -c 'import json,sys; i=[i for i in json.load(sys.stdin)["items"] if i["kind"]=="importedPfx"][0]; print(i["encryptedPfxBlob"]); print(i["encryptedPfxPassword"])' \
  >"$OUT/one.b64"
sed -n 1p "$OUT/one.b64" | base64 -d >"$OUT/one.pfx"
sed -n 2p "$OUT/one.b64" | base64 -d >"$OUT/one.enc"
openssl pkeyutl -decrypt -inkey "$OUT/$dev.key" -in "$OUT/one.enc" -out "$OUT/one.pass" \
  -pkeyopt rsa_padding_mode:oaep -pkeyopt rsa_oaep_md:sha256 -pkeyopt rsa_mgf1_md:sha256
openssl pkcs12 -in "$OUT/one.pfx" -passin file:"$OUT/one.pass" -nokeys -clcerts -out "$OUT/one.crt"

python3 - "$OUT/imports.csv" "$COUNT" "$DEVICES" "$late_ms" <<'PY' | tee "$OUT/summary.txt"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
def stats(key):
    v = sorted(int(r[key]) for r in rows)
    p = lambda q: v[min(len(v) - 1, int(round(q * (len(v) - 1))))]
    return f"p50 {p(0.5)} ms, p90 {p(0.9)} ms, max {v[-1]} ms"
print(f"{sys.argv[2]} imports for a user with {sys.argv[3]} device(s):")
print(f"  POST userPfxCertificates (decrypt, open, check, store): {stats('import_ms')}")
print(f"  POST -> every device's inbox holds its copy:             {stats('delivered_all_ms')}")
print(f"  a device enrolled afterwards holds all {sys.argv[2]}:             {sys.argv[4]} ms")
PY
