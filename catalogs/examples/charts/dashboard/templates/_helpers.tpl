{{- define "dashboard.fullname" -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dashboard.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "dashboard.labels" -}}
{{ include "dashboard.selectorLabels" . }}
app.kubernetes.io/version: {{ .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 }}
{{- end -}}

{{/* The bundled database's Service name, as postgres-lite computes it. */}}
{{- define "dashboard.databaseHost" -}}
{{- if (index .Values "postgres-lite").enabled -}}
{{- printf "%s-postgres-lite" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- required "externalDatabase.host is required when postgres-lite.enabled is false" .Values.externalDatabase.host -}}
{{- end -}}
{{- end -}}
