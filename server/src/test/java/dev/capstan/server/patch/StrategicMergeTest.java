package dev.capstan.server.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.capstan.api.ApiException;
import dev.capstan.server.schema.OpenApiSchemas;
import dev.capstan.server.schema.Schema;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cases restated from upstream's strategic merge patch tables (original, patch, result), directive by directive
 * and list kind by list kind, over the shape upstream's tests use: an item with merging and non-merging lists
 * of items and of integers, a plain map, a replaced field and retainKeys fields.
 */
class StrategicMergeTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final Schema ITEM = OpenApiSchemas.parse(json("{'$ref':'#/components/schemas/item'}"), Map.of(
      "item", json("""
          {'type':'object','properties':{
            'name':{'type':'string'},'value':{'type':'string'},'other':{'type':'string'},
            'mergingList':{'type':'array','items':{'$ref':'#/components/schemas/item'},
              'x-kubernetes-patch-strategy':'merge','x-kubernetes-patch-merge-key':'name'},
            'nonMergingList':{'type':'array','items':{'$ref':'#/components/schemas/item'}},
            'mergingIntList':{'type':'array','items':{'type':'integer'},'x-kubernetes-patch-strategy':'merge'},
            'nonMergingIntList':{'type':'array','items':{'type':'integer'}},
            'simpleMap':{'type':'object','additionalProperties':{'type':'string'}},
            'replacingItem':{'type':'object','x-kubernetes-preserve-unknown-fields':true,
              'x-kubernetes-patch-strategy':'replace'},
            'retainKeysMap':{'$ref':'#/components/schemas/retainItem','x-kubernetes-patch-strategy':'retainKeys'},
            'retainKeysMergingList':{'type':'array','items':{'$ref':'#/components/schemas/item'},
              'x-kubernetes-patch-strategy':'merge,retainKeys','x-kubernetes-patch-merge-key':'name'},
            'free':{'type':'object','x-kubernetes-preserve-unknown-fields':true}}}"""),
      "retainItem", json("""
          {'type':'object','properties':{
            'name':{'type':'string'},'value':{'type':'string'},'other':{'type':'string'},
            'simpleMap':{'type':'object','additionalProperties':{'type':'string'}},
            'mergingIntList':{'type':'array','items':{'type':'integer'},'x-kubernetes-patch-strategy':'merge'}}}""")));

  private static JsonNode json(String singleQuoted) {
    return JSON.readTree(singleQuoted.replace('\'', '"'));
  }

  private static JsonNode apply(String original, String patch) {
    return StrategicMerge.apply((ObjectNode) json(original), (ObjectNode) json(patch), ITEM);
  }

  private static void check(String original, String patch, String result) {
    assertThat(apply(original, patch)).isEqualTo(json(result));
  }

  private static ApiException failure(String original, String patch) {
    return (ApiException) org.assertj.core.api.Assertions.catchThrowable(() -> apply(original, patch));
  }

  @Nested
  class Maps {
    @Test
    void addsAndReplacesFieldsAndKeepsTheRest() {
      check("{'name':'1','other':'a'}", "{'value':'1'}", "{'name':'1','other':'a','value':'1'}");
      check("{'name':'a','other':'a'}", "{'name':'1','value':'1'}", "{'name':'1','other':'a','value':'1'}");
    }

    @Test
    void nullDeletesAndAnUnmatchedNullIsIgnored() {
      check("{'name':'1','other':'a'}", "{'name':null,'value':'1'}", "{'other':'a','value':'1'}");
      check("{'simpleMap':{'key1':'1','key2':'1','other':'a'}}", "{'simpleMap':{'key2':null}}",
          "{'simpleMap':{'key1':'1','other':'a'}}");
      check("{'name':'a','other':'a'}", "{'name':'1','value':'1','other':null}", "{'name':'1','value':'1'}");
      check("{'name':'1'}", "{'value':null}", "{'name':'1'}");
    }

    @Test
    void emptyPatchChangesNothingAndOriginalIsNotModified() {
      ObjectNode original = (ObjectNode) json("{'name':'1','mergingList':[{'name':'a'}]}");
      ObjectNode copy = original.deepCopy();
      assertThat(StrategicMerge.apply(original, (ObjectNode) json("{}"), ITEM)).isEqualTo(copy);
      StrategicMerge.apply(original, (ObjectNode) json("{'mergingList':[{'name':'b'}],'name':null}"), ITEM);
      assertThat(original).isEqualTo(copy);
    }

    @Test
    void patchDeleteEmptiesTheMapAndPatchReplaceKeepsOnlyThePatch() {
      check("{'simpleMap':{'key1':'1','key2':'1'}}", "{'simpleMap':{'$patch':'delete'}}", "{'simpleMap':{}}");
      check("{'name':'1','value':'1'}", "{'$patch':'replace'}", "{}");
      check("{'name':'1','value':'1'}", "{'other':'a','$patch':'replace'}", "{'other':'a'}");
    }

    @Test
    void patchMergeOrAnUnknownDirectiveOnAMapIsAnUnmappedError() {
      ApiException e = failure("{'simpleMap':{'a':'b'}}", "{'simpleMap':{'$patch':'merge','x':'y'}}");
      assertThat(e.code()).isEqualTo(500);
      assertThat(e.reason()).isEmpty();
      assertThat(e.getMessage()).isEqualTo("unknown patch type: merge in map: map[$patch:merge x:y]");
    }

    @Test
    void replaceStrategyReplacesTheWholeObject() {
      check("{'replacingItem':{'a':1,'b':{'c':2}}}", "{'replacingItem':{'b':{'d':3}}}",
          "{'replacingItem':{'b':{'d':3}}}");
    }

    @Test
    void unknownAndFreeFormFieldsMergeObjectsAndReplaceLists() {
      check("{'free':{'a':{'x':1,'y':2},'l':[1,2]}}", "{'free':{'a':{'y':null,'z':3},'l':[3]}}",
          "{'free':{'a':{'x':1,'z':3},'l':[3]}}");
      check("{'unknown':{'a':1,'l':[{'name':'x'}]}}", "{'unknown':{'b':2,'l':[{'name':'y'}]}}",
          "{'unknown':{'a':1,'b':2,'l':[{'name':'y'}]}}");
    }

    @Test
    void aValueOfAnotherTypeReplaces() {
      check("{'mergingList':[{'name':'1'}]}", "{'mergingList':{'name':'2'}}", "{'mergingList':{'name':'2'}}");
    }
  }

  @Nested
  class MergingListsOfMaps {
    @Test
    void itemsMergeByKeyAndNewItemsFollowThePatchOrder() {
      check("{'mergingList':[{'name':'1','other':'a'},{'name':'2','value':'2','other':'b'}]}",
          "{'mergingList':[{'name':'1','value':'1'}]}",
          "{'mergingList':[{'name':'1','value':'1','other':'a'},{'name':'2','value':'2','other':'b'}]}");
      check("{'mergingList':[{'name':'1'},{'name':'2','value':'b'},{'name':'3'}]}",
          "{'mergingList':[{'name':'3','value':'c'},{'name':'1','value':'a'},{'name':'2','other':'x'}]}",
          "{'mergingList':[{'name':'3','value':'c'},{'name':'1','value':'a'},{'name':'2','value':'b','other':'x'}]}");
    }

    @Test
    void serverOnlyItemsKeepTheirPlaceAmongPatchedOnes() {
      check("{'mergingList':[{'name':'1'},{'name':'2','value':'b'},{'name':'3'}]}",
          "{'mergingList':[{'name':'3','value':'c'},{'name':'1','value':'a'}]}",
          "{'mergingList':[{'name':'2','value':'b'},{'name':'3','value':'c'},{'name':'1','value':'a'}]}");
    }

    @Test
    void nullInAnItemDeletesThatField() {
      check("{'retainKeysMergingList':[{'name':'bar'},{'name':'foo','value':'a'}]}",
          "{'retainKeysMergingList':[{'name':'foo','value':null}]}",
          "{'retainKeysMergingList':[{'name':'bar'},{'name':'foo'}]}");
    }

    @Test
    void deleteDirectiveRemovesEveryItemWithTheKey() {
      check("{'mergingList':[{'name':'1'},{'name':'1'},{'name':'2','value':'a'},{'name':'3'},{'name':'3'}]}",
          "{'mergingList':[{'name':'1','$patch':'delete'},{'name':'3','$patch':'delete'}]}",
          "{'mergingList':[{'name':'2','value':'a'}]}");
      check("{'mergingList':[{'name':'1','other':'a'},{'name':'2','other':'b'}]}",
          "{'mergingList':[{'name':'1','$patch':'delete'},{'name':'2','$patch':'delete'}]}",
          "{'mergingList':[]}");
      check("{'mergingList':[]}", "{'mergingList':[{'name':'1','$patch':'delete'}]}", "{'mergingList':[]}");
    }

    @Test
    void replaceDirectiveReplacesTheList() {
      check("{'mergingList':[{'name':'1'},{'name':'2'}]}", "{'mergingList':[{'$patch':'replace'}]}",
          "{'mergingList':[]}");
      check("{'mergingList':[{'name':'1','value':'a'},{'name':'2'}]}",
          "{'mergingList':[{'name':'3'},{'$patch':'replace'},{'name':'1'}]}",
          "{'mergingList':[{'name':'3'},{'name':'1'}]}");
    }

    @Test
    void nonMergingListsAreReplaced() {
      check("{'nonMergingList':[{'name':'1','value':'a'}]}", "{'nonMergingList':[{'name':'2'}]}",
          "{'nonMergingList':[{'name':'2'}]}");
      check("{'nonMergingIntList':[1,2]}", "{'nonMergingIntList':[2,3]}", "{'nonMergingIntList':[2,3]}");
    }

    @Test
    void nestedMergingListsMergeAndANewItemWithoutAnOrderGoesFirst() {
      // Without $setElementOrder the server order does not know the new item, so upstream puts it first.
      check("{'mergingList':[{'name':'a','mergingList':[{'name':'x','value':'1'}]}]}",
          "{'mergingList':[{'name':'a','mergingList':[{'name':'y'}]}]}",
          "{'mergingList':[{'name':'a','mergingList':[{'name':'y'},{'name':'x','value':'1'}]}]}");
    }

    @Test
    void aListTheOriginalLacksIsTakenAsSentWithoutDirectives() {
      check("{}", "{'mergingList':[{'name':'1','$patch':'delete'},{'name':'2','value':null}]}",
          "{'mergingList':[{'name':'1'},{'name':'2'}]}");
    }

    @Test
    void missingMergeKeyIsAnUnmappedError() {
      ApiException e = failure("{'mergingList':[{'name':'1','value':'a'}]}", "{'mergingList':[{'value':'b'}]}");
      assertThat(e.code()).isEqualTo(500);
      assertThat(e.reason()).isEmpty();
      assertThat(e.getMessage()).isEqualTo("map: map[value:b] does not contain declared merge key: name");
      assertThat(failure("{'mergingList':[{'name':'1'}]}", "{'mergingList':[{'$patch':'delete'}]}").getMessage())
          .isEqualTo("map: map[$patch:delete] does not contain declared merge key: name");
    }

    @Test
    void mergeOrUnknownDirectiveInAListIsAnUnmappedError() {
      assertThat(failure("{'mergingList':[{'name':'1'}]}", "{'mergingList':[{'$patch':'merge'}]}").getMessage())
          .isEqualTo("merging lists cannot yet be specified in the patch");
      assertThat(failure("{'mergingList':[{'name':'1'}]}", "{'mergingList':[{'name':'1','$patch':'x'}]}")
          .getMessage()).isEqualTo("unknown patch type: x in map: map[$patch:x name:1]");
    }

    @Test
    void mixedItemTypesAreAnError() {
      ApiException e = failure("{'mergingList':[{'name':'1'}]}", "{'mergingList':['x']}");
      assertThat(e.code()).isEqualTo(500);
      assertThat(e.getMessage()).isEqualTo("list element types are not identical: [[map[name:1]] [x]]");
    }
  }

  @Nested
  class MergingListsOfScalars {
    @Test
    void mergeAsASetInThePatchOrder() {
      check("{'mergingIntList':[1,2]}", "{'mergingIntList':[2,3]}", "{'mergingIntList':[1,2,3]}");
      check("{'mergingIntList':[1,2,3]}", "{'mergingIntList':[3,1,2]}", "{'mergingIntList':[3,1,2]}");
      check("{'mergingIntList':[1,2,3]}", "{'mergingIntList':[3,1]}", "{'mergingIntList':[2,3,1]}");
    }

    @Test
    void deleteFromPrimitiveListRemovesEveryCopy() {
      check("{'mergingIntList':[1,2,3,3,4]}",
          "{'$setElementOrder/mergingIntList':[1,2],'$deleteFromPrimitiveList/mergingIntList':[3]}",
          "{'mergingIntList':[1,2,4]}");
      check("{'mergingIntList':[1,2,3]}", "{'$deleteFromPrimitiveList/mergingIntList':[3,5]}",
          "{'mergingIntList':[1,2]}");
    }

    @Test
    void addAndDeleteInOnePatch() {
      check("{'mergingIntList':[1,2,3,4]}", "{'$setElementOrder/mergingIntList':[1,2,4],"
          + "'$deleteFromPrimitiveList/mergingIntList':[3],'mergingIntList':[4]}", "{'mergingIntList':[1,2,4]}");
    }

    @Test
    void aDeletionListForAListTheOriginalLacksBecomesTheList() {
      // Upstream takes any value the original lacks as it is, deletion lists included.
      check("{}", "{'$deleteFromPrimitiveList/mergingIntList':[3]}", "{'mergingIntList':[3]}");
    }

    @Test
    void malformedDeletionListKeyIsABadRequest() {
      ApiException e = failure("{'mergingIntList':[1]}", "{'$deleteFromPrimitiveList':[1]}");
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.reason()).isEqualTo("BadRequest");
      assertThat(e.getMessage()).isEqualTo("invalid patch format of primitive list");
    }
  }

  @Nested
  class SetElementOrder {
    @Test
    void ordersMergedItemsAndKeepsServerOnlyOnesInPlace() {
      check("{'mergingList':[{'name':'1','other':'a'},{'name':'2','value':'2','other':'b'}]}",
          "{'$setElementOrder/mergingList':[{'name':'4'},{'name':'1'},{'name':'2'},{'name':'3'}],"
              + "'mergingList':[{'name':'4','value':'4'},{'name':'3','value':'3'}]}",
          "{'mergingList':[{'name':'4','value':'4'},{'name':'1','other':'a'},"
              + "{'name':'2','value':'2','other':'b'},{'name':'3','value':'3'}]}");
    }

    @Test
    void namesOfItemsNoListHasAreIgnored() {
      check("{'mergingList':[{'name':'1'},{'name':'3'}]}",
          "{'$setElementOrder/mergingList':[{'name':'3'},{'name':'2'},{'name':'1'}],"
              + "'mergingList':[{'name':'3','value':'3'},{'name':'1','value':'1'}]}",
          "{'mergingList':[{'name':'3','value':'3'},{'name':'1','value':'1'}]}");
      check("{'mergingIntList':[1,3]}", "{'$setElementOrder/mergingIntList':[3,2,1]}", "{'mergingIntList':[3,1]}");
    }

    @Test
    void reordersWithoutChangingContent() {
      check("{'mergingList':[{'name':'1','value':'a'},{'name':'2'}]}",
          "{'$setElementOrder/mergingList':[{'name':'2'},{'name':'1'}]}",
          "{'mergingList':[{'name':'2'},{'name':'1','value':'a'}]}");
    }

    @Test
    void anItemReplacingADeletedOneTakesTheFreedPlaceAfterServerOnlyItems() {
      // kubectl apply: the config went from [a, b] to [a, n] while the server added s. Upstream orders by the
      // original's storage after the merge shifted b out and wrote n into the freed room.
      check("{'mergingList':[{'name':'a'},{'name':'b'},{'name':'s'}]}",
          "{'$setElementOrder/mergingList':[{'name':'a'},{'name':'n'}],"
              + "'mergingList':[{'name':'n'},{'name':'b','$patch':'delete'}]}",
          "{'mergingList':[{'name':'a'},{'name':'s'},{'name':'n'}]}");
    }

    @Test
    void anOrderDisagreeingWithThePatchIsAnUnmappedError() {
      ApiException e = failure("{'mergingList':[{'name':'1'},{'name':'3'},{'name':'2'}]}",
          "{'$setElementOrder/mergingList':[{'name':'1'},{'name':'2'},{'name':'3'}],"
              + "'mergingList':[{'name':'3','value':'3'},{'name':'1','value':'1'}]}");
      assertThat(e.code()).isEqualTo(500);
      assertThat(e.getMessage()).isEqualTo("The order in patch list:\n[map[name:3 value:3] map[name:1 value:1]]\n"
          + " doesn't match $setElementOrder list:\n[map[name:1] map[name:2] map[name:3]]\n");
      assertThat(failure("{'mergingIntList':[1,3,2]}",
          "{'$setElementOrder/mergingIntList':[1,2,3],'mergingIntList':[3,1]}").getMessage())
          .contains("doesn't match");
    }

    @Test
    void malformedOrderKeyIsABadRequest() {
      ApiException e = failure("{'mergingIntList':[1]}", "{'$setElementOrder':[1]}");
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.getMessage()).isEqualTo("invalid patch format of setElementOrder list");
    }
  }

  @Nested
  class RetainKeys {
    @Test
    void withoutTheDirectiveTheMapMergesAsUsual() {
      check("{'retainKeysMap':{'name':'foo'}}", "{'retainKeysMap':{'value':'bar'}}",
          "{'retainKeysMap':{'name':'foo','value':'bar'}}");
      check("{'retainKeysMap':{'name':'foo','value':'a'}}", "{'retainKeysMap':{}}",
          "{'retainKeysMap':{'name':'foo','value':'a'}}");
      check("{'retainKeysMergingList':[{'name':'bar'},{'name':'foo'}]}",
          "{'retainKeysMergingList':[{'name':'foo','value':'a'}]}",
          "{'retainKeysMergingList':[{'name':'bar'},{'name':'foo','value':'a'}]}");
    }

    @Test
    void clearsFieldsNotRetained() {
      check("{'retainKeysMap':{'name':'foo','value':'a','other':'b','simpleMap':{'k':'v'}}}",
          "{'retainKeysMap':{'$retainKeys':['name','value'],'value':'c'}}",
          "{'retainKeysMap':{'name':'foo','value':'c'}}");
      check("{'retainKeysMergingList':[{'name':'foo','value':'a','other':'b'}]}",
          "{'retainKeysMergingList':[{'name':'foo','$retainKeys':['name','other']}]}",
          "{'retainKeysMergingList':[{'name':'foo','other':'b'}]}");
    }

    @Test
    void aPatchedFieldOutsideTheListIsABadRequest() {
      ApiException e = failure("{'retainKeysMap':{'name':'foo'}}",
          "{'retainKeysMap':{'$retainKeys':['name'],'value':'c'}}");
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.reason()).isEqualTo("BadRequest");
      assertThat(e.getMessage()).isEqualTo("invalid patch format of retainKeys");
      assertThat(failure("{'retainKeysMap':{'name':'foo'}}", "{'retainKeysMap':{'$retainKeys':'name'}}").code())
          .isEqualTo(400);
    }

    @Test
    void nullsAndParallelListsNeedNotBeRetained() {
      check("{'retainKeysMap':{'name':'foo','value':'a','mergingIntList':[1,2]}}",
          "{'retainKeysMap':{'$retainKeys':['name','mergingIntList'],'value':null,"
              + "'$deleteFromPrimitiveList/mergingIntList':[1]}}",
          "{'retainKeysMap':{'name':'foo','mergingIntList':[2]}}");
    }
  }

  @Test
  void listsOfListsInAMergingListAreUnprocessable() {
    ApiException e = failure("{'mergingIntList':[[1]]}", "{'mergingIntList':[[2]]}");
    assertThat(e.code()).isEqualTo(422);
    assertThat(e.reason()).isEqualTo("Invalid");
    assertThat(e.getMessage()).isEqualTo("the server rejected our request due to an error in our request");
    assertThat(e.details().causes()).singleElement().satisfies(c -> {
      assertThat(c.reason()).isEqualTo("UnexpectedServerResponse");
      assertThat(c.message()).isEqualTo("lists of lists are not supported");
    });
  }

  @Test
  void goFormattingOfNumbersInMessages() {
    assertThat(GoValues.formatFloat(1.5)).isEqualTo("1.5");
    assertThat(GoValues.formatFloat(1e6)).isEqualTo("1e+06");
    assertThat(GoValues.formatFloat(123456.0)).isEqualTo("123456");
    assertThat(GoValues.formatFloat(0.00001)).isEqualTo("1e-05");
    assertThatThrownBy(() -> apply("{'mergingList':[{'name':1}]}", "{'mergingList':[{'value':2.5}]}"))
        .hasMessage("map: map[value:2.5] does not contain declared merge key: name");
  }
}
