{{- define "onyxia-ts.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "onyxia-ts.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "onyxia-ts.selectorLabels" -}}
app.kubernetes.io/name: {{ include "onyxia-ts.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "onyxia-ts.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "onyxia-ts.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "onyxia-ts.serviceAccountName" -}}
{{- if .Values.api.serviceAccount.create -}}
{{- default (include "onyxia-ts.fullname" .) .Values.api.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.api.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The API's base path without a trailing slash ("" when served at the root). */}}
{{- define "onyxia-ts.contextPath" -}}
{{- $p := .Values.api.contextPath | default "/api" | trimSuffix "/" -}}
{{- if and $p (not (hasPrefix "/" $p)) -}}
{{- fail (printf "api.contextPath must start with /, got %q" .Values.api.contextPath) -}}
{{- end -}}
{{- $p -}}
{{- end -}}

{{/* A value as an environment variable string: strings as they are, the rest as JSON. */}}
{{- define "onyxia-ts.envValue" -}}
{{- if kindIs "string" . -}}{{ . }}{{- else -}}{{ toJson . }}{{- end -}}
{{- end -}}

{{/* The probe of one kind ($kind: startupProbe | readinessProbe | livenessProbe). */}}
{{- define "onyxia-ts.probe" -}}
{{- $p := index .root.Values.api .kind -}}
{{- if $p.enabled }}
{{ .kind }}:
  httpGet:
    path: {{ printf "%s%s" (include "onyxia-ts.contextPath" .root) $p.path }}
    port: http
  periodSeconds: {{ $p.periodSeconds }}
  failureThreshold: {{ $p.failureThreshold }}
  timeoutSeconds: {{ $p.timeoutSeconds }}
  {{- if and $p.successThreshold (ne .kind "startupProbe") (ne .kind "livenessProbe") }}
  successThreshold: {{ $p.successThreshold }}
  {{- end }}
{{- end }}
{{- end -}}
