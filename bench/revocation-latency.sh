#!/usr/bin/env bash
# Revocation latency on the running local stack (./stack up), with OpenSSL as the relying party:
# for N certificates issued through the API, the time from POST /v1/revocations until
#   - OCSP (openssl ocsp -url, the URL the certificate names) answers "revoked",
#   - the CRL at the certificate's distribution point lists the serial,
#   - request-intake shows the revocation as revoked (the CertificateRevoked event came back).
# Each is polled every 20 ms, so figures carry up to ~20 ms plus one openssl start of granularity.
#
#   bench/revocation-latency.sh [--count N] [--out DIR]      (defaults: 20, target/bench/revocation-<time>)
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
COUNT=20
OUT=""
while (($#)); do
  case "$1" in
    --count) COUNT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || { echo "--count must be a positive integer" >&2; exit 2; }
OUT="${OUT:-$ROOT/target/bench/revocation-$(date +%Y%m%dT%H%M%S)}"
mkdir -p "$OUT"
for port in 8080 8082 8084; do
  curl -fs -o /dev/null "http://127.0.0.1:$port/q/health/ready" || { echo "the stack is not ready: ./stack up" >&2; exit 1; }
done
intake=http://127.0.0.1:8080
tenant=bench-revocation device="rev-bench-$RANDOM$RANDOM"
admin=$("$ROOT/stack" token --role admin --tenant "$tenant")
A=(-fsS -H "Authorization: Bearer $admin" -H "Content-Type: application/json")
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1]) if sys.argv[1] != '-' else sys.stdin); print($2)" "$1"; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$OUT/device.key" 2>/dev/null
openssl pkey -in "$OUT/device.key" -pubout -out "$OUT/device.pub"
curl "${A[@]}" -X PUT "$intake/v1/profiles/pkcs/rev-bench" -d '{"displayName":"Revocation bench","platform":"windows10",
  "renewalThresholdPercentage":20,"certificateValidityPeriodValue":1,"certificateValidityPeriodScale":"years",
  "certificateTemplateName":"PkcsUser","subjectNameFormat":"commonName","subjectAlternativeNameType":"userPrincipalName",
  "keyAlgorithm":"ecP256"}' >/dev/null
python3 - "$device" "$OUT/device.pub" >"$OUT/device.json" <<'PY'
import json, sys
print(json.dumps({"deviceId": sys.argv[1], "platform": "windows10", "userId": "user-bench",
                  "userPrincipalName": "bench@contoso.example", "deviceName": "BENCH",
                  "managementPublicKey": open(sys.argv[2]).read()}))
PY
curl "${A[@]}" -X POST "$intake/v1/devices" -d @"$OUT/device.json" >/dev/null
openssl x509 -inform DER -in <(curl -fsS "$intake/v1/ca/issuing.cer") -out "$OUT/issuing.pem"
curl -fsS "$intake/v1/ca/chain.pem" -o "$OUT/chain.pem"

echo "Issuing $COUNT certificates ..."
ids=()
for i in $(seq 1 "$COUNT"); do
  ids+=("$(curl "${A[@]}" -H "Idempotency-Key: $device-$i" -X POST "$intake/v1/certificate-requests" \
    -d "{\"deviceId\":\"$device\",\"profileId\":\"rev-bench\"}" | json - 'd["id"]')")
done
for i in "${!ids[@]}"; do
  deadline=$((SECONDS + 60))
  while ((SECONDS < deadline)); do
    curl "${A[@]}" "$intake/v1/certificate-requests/${ids[$i]}" >"$OUT/req-$i.json"
    [[ "$(json "$OUT/req-$i.json" 'd.get("serialNumber") or ""')" != "" ]] && break
    sleep 0.1
  done
done

# The certificates themselves come from the device inbox; OCSP needs only issuer + serial, so a request per serial
# is built from the issuing CA certificate.
ocsp_url="http://127.0.0.1:8082/v1/ocsp"
# The CAs the revocation worker publishes CRLs for (issuing and root), from its readiness check.
mapfile -t CRLS < <(curl -fsS "http://127.0.0.1:8082/q/health/ready" | python3 -c 'import json, sys
for check in json.load(sys.stdin)["checks"]:
    if check["name"] == "crl":
        print("\n".join(check.get("data") or {}))')
echo "key,ocsp_ms,crl_ms,intake_ms" >"$OUT/latency.csv"
for i in "${!ids[@]}"; do
  serial=$(json "$OUT/req-$i.json" 'd["serialNumber"]')
  # Wait until the revocation worker knows it (good), so the measurement starts from a known certificate.
  deadline=$((SECONDS + 60))
  until openssl ocsp -issuer "$OUT/issuing.pem" -serial "0x$serial" -url "$ocsp_url" -CAfile "$OUT/chain.pem" 2>/dev/null \
      | grep -q ": good"; do
    ((SECONDS < deadline)) || { echo "certificate $serial never became good over OCSP" >&2; exit 1; }
    sleep 0.05
  done
  t0=$(now_ms)
  rid=$(curl "${A[@]}" -X POST "$intake/v1/revocations" -d "{\"serialNumber\":\"$serial\",\"reason\":\"keyCompromise\"}" \
    | json - 'd["id"]')
  ocsp_ms="" crl_ms="" intake_ms=""
  deadline=$((SECONDS + 30))
  while [[ -z "$ocsp_ms" || -z "$crl_ms" || -z "$intake_ms" ]] && ((SECONDS < deadline)); do
    if [[ -z "$ocsp_ms" ]] && openssl ocsp -issuer "$OUT/issuing.pem" -serial "0x$serial" -url "$ocsp_url" \
        -CAfile "$OUT/chain.pem" 2>/dev/null | grep -q ": revoked"; then
      ocsp_ms=$(( $(now_ms) - t0 ))
    fi
    if [[ -z "$crl_ms" ]]; then
      for crl in "${CRLS[@]}"; do
        if curl -fsS "http://127.0.0.1:8082/v1/crl/$crl.crl" | openssl crl -inform DER -noout -text 2>/dev/null \
            | grep -qi "Serial Number: $serial"; then
          crl_ms=$(( $(now_ms) - t0 ))
        fi
      done
    fi
    if [[ -z "$intake_ms" ]] && [[ "$(curl "${A[@]}" "$intake/v1/revocations/$rid" | json - 'd["status"]')" == revoked ]]; then
      intake_ms=$(( $(now_ms) - t0 ))
    fi
    sleep 0.02
  done
  echo "$serial,${ocsp_ms:-timeout},${crl_ms:-timeout},${intake_ms:-timeout}" | tee -a "$OUT/latency.csv"
done
python3 - "$OUT/latency.csv" <<'PY' | tee "$OUT/summary.txt"
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for col, label in (("ocsp_ms", "revocation -> OCSP revoked"), ("crl_ms", "revocation -> CRL lists it"),
                   ("intake_ms", "revocation -> request-intake shows revoked")):
    values = sorted(int(r[col]) for r in rows if r[col].isdigit())
    missing = len(rows) - len(values)
    if not values:
        print(f"{label}: no data ({missing} timed out)"); continue
    p = lambda q: values[min(len(values) - 1, int(round(q * (len(values) - 1))))]
    print(f"{label}: n={len(values)} p50 {p(0.5)} ms, p90 {p(0.9)} ms, max {values[-1]} ms"
          + (f", {missing} timed out" if missing else ""))
PY
