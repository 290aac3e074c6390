package org.refugium.api.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * A taxon as iNaturalist's API v1 serializes it. Fields the exports do not carry (conservation status,
 * Wikipedia, establishment means) are present with a neutral value of the right JSON type.
 * The trailing fields appear only where iNaturalist sends them (detail view, search, all_names).
 */
public final class TaxonView {
  public long id;
  public String name;
  public String rank;
  public Number rankLevel;
  public Integer iconicTaxonId;
  public String iconicTaxonName;
  public List<Integer> ancestorIds;
  public boolean isActive;
  public Integer parentId;
  public String ancestry;
  public boolean extinct;
  public boolean provisional;
  public PhotoView defaultPhoto;
  public long taxonChangesCount;
  public long taxonSchemesCount;
  public long observationsCount;
  public long universalSearchRank;
  public boolean photosLocked;
  public Map<String, Integer> flagCounts = Map.of("resolved", 0, "unresolved", 0);
  public List<Integer> currentSynonymousTaxonIds;
  public Integer atlasId;
  public Integer completeSpeciesCount;
  public String completeRank;
  public String wikipediaUrl;
  public String wikipediaSummary;
  public String preferredCommonName;
  public String englishCommonName;
  public Object conservationStatus;
  public long listedTaxaCount;
  public boolean vision;
  public boolean endemic;
  public boolean threatened;
  public boolean introduced;
  @JsonProperty("native")
  public boolean nativeTaxon;
  public String minSpeciesAncestry;
  public Integer minSpeciesTaxonId;
  public String createdAt;
  /** Per-place establishment (native, introduced): the exports carry no checklists. */
  public Object establishmentMeans;
  public String preferredEstablishmentMeans;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public String matchedTerm;
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<TaxonView> ancestors;
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<TaxonView> children;
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<TaxonPhotoView> taxonPhotos;
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<Object> conservationStatuses;
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<Object> listedTaxa;
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public List<NameView> names;

  public record TaxonPhotoView(long taxonId, PhotoView photo, TaxonView taxon) {}

  public record NameView(boolean isValid, String name, int position, String locale) {}
}
